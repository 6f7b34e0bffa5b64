// The benchmarks' roster: generated, valid identity numbers, like an institution's mix.

/** An 18-character identity number with its GB 11643 check character. */
export function idNumber(birth, serial, region = '310101') {
  const body = `${region}${birth.replaceAll('-', '')}${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** A roster like an institution's: most eligible, some too recent, some half typed. */
export function roster(size) {
  return Array.from({ length: size }, (_, i) => {
    const birth = `${1970 + (i % 25)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const recent = i % 10 === 7;
    const halfTyped = i % 20 === 13;
    return {
      id: `c${(i + 1).toString(16).padStart(31, '0')}`,
      entry: {
        name: `考生${i + 1}`,
        level: 'three',
        retake: i % 9 === 0 ? ['theory'] : [],
        candidate: {
          birth_date: '',
          id_number: idNumber(birth, i % 1000),
          schooling: halfTyped ? [] : [{ school: 'college', status: 'graduated', related_specialty: false, assessed: null }],
          work: [{ from: recent ? '2024-03-01' : '2012-03-01', until: '', ongoing: true }],
          certificates: [],
          titles: [],
        },
      },
    };
  });
}
