/** Labels of signing in with a username and password, and of the person signed in, in both languages. `{name}` marks a value filled in by `fill`. */
export const signInMessagesId = {
  signInPasswordIntro: 'Masuk dengan nama pengguna dan kata sandi akun Anda. Admin yang membuat akun.',
  signInUsernameLabel: 'Nama pengguna',
  signInPasswordLabel: 'Kata sandi',
  signInWrong: 'Nama pengguna atau kata sandi salah.',
  signInLocked: 'Terlalu banyak percobaan masuk yang gagal: masuk dikunci untuk sementara. Coba lagi dalam {wait}, atau minta admin membuka kunci akun Anda.',
  signInEnded: 'Sesi Anda sudah berakhir. Silakan masuk lagi.',
  signInUseToken: 'Pakai token API',
  signInUsePassword: 'Masuk dengan nama pengguna',
  signInLookingForSession: 'Memeriksa sesi…',
  signOutPerson: 'Keluar',
  identityPersonTitle: 'Masuk sebagai',
} as const;

export const signInMessagesEn: Record<keyof typeof signInMessagesId, string> = {
  signInPasswordIntro: 'Sign in with the username and password of your account. An admin creates accounts.',
  signInUsernameLabel: 'Username',
  signInPasswordLabel: 'Password',
  signInWrong: 'The username or password is wrong.',
  signInLocked: 'Too many failed sign-ins: signing in is locked for now. Try again in {wait}, or ask an admin to unlock your account.',
  signInEnded: 'Your session has ended. Please sign in again.',
  signInUseToken: 'Use an API token instead',
  signInUsePassword: 'Sign in with a username',
  signInLookingForSession: 'Checking the session…',
  signOutPerson: 'Sign out',
  identityPersonTitle: 'Signed in as',
};
