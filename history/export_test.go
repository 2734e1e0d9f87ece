package history

// EncodeRecord lets the external benchmark write records directly.
var EncodeRecord = encodeRecord
