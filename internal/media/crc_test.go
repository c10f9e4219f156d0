package media

import (
	"encoding/binary"
	"hash/crc32"
)

func crc32IEEE(b []byte) uint32 { return crc32.ChecksumIEEE(b) }

// byteOrder is a binary byte order that can append.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}
