// CSV export (src/viz/matrix.ts toCsv, behind every figure's CSV button): text cells that a spreadsheet
// would run as a formula get a leading quote (OWASP's CSV-injection rule); numbers stay numbers (issue 20,
// defect 10).
import { describe, expect, it } from 'vitest';
import { csvCell, fromRows, toCsv } from '../../src/viz/matrix';

describe('CSV formula injection', () => {
  it('prefixes text that starts with =, +, -, @, a tab or a CR', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('-Infinity')).toBe("'-Infinity");
  });

  it('keeps genuine numbers and ordinary text as they are', () => {
    for (const n of ['-0.5', '+1', '-1e-7', '3.25', '-.5', '0', 'NaN', 'a dog', 'a=b'])
      expect(csvCell(n)).toBe(n);
  });

  it('escapes a caption from a shared URL in the exported file, and leaves negative values numeric', () => {
    const m = {
      ...fromRows([
        [-0.5, 0.25],
        [1, -2],
      ]),
      rowLabels: ['=HYPERLINK("http://evil","click")', '@a'],
      colLabels: ['+x', 'y'],
      rowName: '-name',
    };
    const lines = toCsv(m).trimEnd().split('\n');
    expect(lines[0]).toBe("'-name,'+x,y");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil"",""click"")",-0.5,0.25`);
    expect(lines[2]).toBe("'@a,1,-2");
    for (const line of lines)
      for (const cell of line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/))
        expect(/^"?[=+@\t\r]/.test(cell) || /^"?-(?![\d.])/.test(cell), cell).toBe(false);
  });
});
