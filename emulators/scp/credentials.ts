/** The credentials the SCP emulator accepts: token auth (username, password) and AK/SK signing. */
export interface ScpAuthConfig {
  username: string;
  password: string;
  accessKey: string;
  secretKey: string;
  region: string;
}
