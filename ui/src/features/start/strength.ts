// Password strength as shown at first start: length and character variety, 0 (weak) – 3
// (strong). The floor the backend enforces is 8 characters.
export function passwordStrength(password: string): 0 | 1 | 2 | 3 {
  if (password.length < 8) return 0;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((r) => r.test(password)).length;
  const score = (password.length >= 12 ? 1 : 0) + (classes >= 3 ? 1 : 0) + (classes >= 2 ? 1 : 0);
  return Math.min(3, Math.max(1, score)) as 1 | 2 | 3;
}
