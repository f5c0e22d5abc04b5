/** A numbered option shows its number once: "2 – Sebagian / cukup", never "2 – 2 - Sebagian / cukup". */
import { numberedOptionText, titleWithoutValue } from '../../../server/domain/forms';

describe('numbered option labels', () => {
  it('drops a copy of the value at the start of the title, whatever the separator', () => {
    for (const title of ['2 - Sebagian / cukup', '2 – Sebagian / cukup', '2. Sebagian / cukup', '2) Sebagian / cukup', ' 2: Sebagian / cukup']) {
      expect(numberedOptionText(2, title)).toBe('2 – Sebagian / cukup');
    }
    expect(numberedOptionText(2.5, '2,5 - Setengah')).toBe('2.5 – Setengah');
  });
  it('keeps a title that starts with another number or none, and text values as they are', () => {
    expect(numberedOptionText(2, '3 - Lengkap')).toBe('2 – 3 - Lengkap');
    expect(numberedOptionText(1, 'Ada, belum sesuai')).toBe('1 – Ada, belum sesuai');
    expect(numberedOptionText(3, '30 hari')).toBe('3 – 30 hari');
    expect(numberedOptionText('ya', 'Ya')).toBe('Ya');
    expect(titleWithoutValue(2, '2 -')).toBe('2 -');
  });
});
