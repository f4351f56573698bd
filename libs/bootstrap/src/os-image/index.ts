export {
  OS_IMAGE_MAGIC,
  OsImageManifestSchema,
  OsImageError,
  osSigningKeyId,
  packOsImage,
  peekOsImageManifest,
  verifyOsImage,
  readOsImageUnverified,
} from './payload';
export type { OsImageFile, OsImageManifest, OsImageProblem, VerifiedOsImage } from './payload';
export {
  OS_APP_ID,
  USR_PATHS,
  usrOsRelease,
  flatcarRelease,
  parseReleaseFile,
  usrImageFiles,
  imageBinaryTable,
  DEFAULT_HEALTH_CHECK,
  DEFAULT_POSTINSTALL,
} from './usr-files';
export type { UsrImageInput } from './usr-files';
