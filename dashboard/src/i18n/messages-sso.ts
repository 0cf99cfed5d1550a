/** Labels of single sign-on on the sign-in page, in both languages: the button and why a sign-in was refused (by the API's code). */
export const ssoMessagesId = {
  ssoSignIn: 'Masuk dengan {name}',
  ssoOr: 'atau',
  ssoErrorUnavailable: 'Penyedia identitas tidak dapat dihubungi. Coba lagi sebentar lagi, atau masuk dengan kata sandi.',
  ssoErrorState: 'Proses masuk kedaluwarsa atau tidak dimulai di peramban ini. Silakan masuk lagi.',
  ssoErrorRefused: 'Penyedia identitas menolak proses masuk, atau jawabannya tidak lolos pemeriksaan. Silakan masuk lagi.',
  ssoErrorNoRole: 'Akun Anda di penyedia identitas tidak termasuk grup yang memberi peran di Kendali. Minta admin menambahkan Anda ke grup.',
  ssoErrorNoUsername: 'Penyedia identitas tidak memberikan nama pengguna yang dapat dipakai. Hubungi admin penyedia identitas.',
  ssoErrorConflict: 'Nama pengguna Anda sudah dipakai akun lain di Kendali. Minta admin mengganti nama atau menghapus salah satunya.',
  ssoErrorDisabled: 'Akun Anda dinonaktifkan di Kendali. Minta admin mengaktifkannya.',
  ssoErrorOther: 'Masuk lewat penyedia identitas gagal ({code}). Silakan coba lagi.',
} as const;

export const ssoMessagesEn: Readonly<Record<keyof typeof ssoMessagesId, string>> = {
  ssoSignIn: 'Sign in with {name}',
  ssoOr: 'or',
  ssoErrorUnavailable: 'The identity provider cannot be reached. Try again shortly, or sign in with a password.',
  ssoErrorState: 'The sign-in expired or was not started in this browser. Please sign in again.',
  ssoErrorRefused: 'The identity provider refused the sign-in, or its answer did not pass the checks. Please sign in again.',
  ssoErrorNoRole: 'Your account at the identity provider is in no group that gives a role in Kendali. Ask an administrator to add you to one.',
  ssoErrorNoUsername: 'The identity provider gave no usable username. Contact the identity provider’s administrator.',
  ssoErrorConflict: 'Your username is taken by another account in Kendali. Ask an administrator to rename or delete one of them.',
  ssoErrorDisabled: 'Your account is disabled in Kendali. Ask an administrator to enable it.',
  ssoErrorOther: 'Signing in through the identity provider failed ({code}). Please try again.',
};
