/** The Kendali version this build reports (`/api/info`) and writes into backups. */
export const kendaliVersion = '0.1.0';
