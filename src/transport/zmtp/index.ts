// The ZMTP transport's pipes: ZMTP 3.1 over Node's net (tcp, ipc), for PipeSocket.
export { zmtpNetwork } from './zmtpNetwork'
export { ZmtpPipe, type ZmtpPipeOwner, type ZmtpPipeSpec } from './ZmtpPipe'
export { zmtpConfig, type ZmtpAuthenticate, type ZmtpAuthRequest, type ZmtpConfig } from './options'
export { parseEndpoint, type ZmtpAddress } from './endpoint'
