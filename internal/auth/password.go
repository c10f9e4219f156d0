package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password rules. Length is the only composition rule, as NIST SP 800-63B
// §3.1.1.2 and the OWASP Authentication Cheat Sheet advise: at least
// MinPasswordLength characters (Unicode code points), at most
// MaxPasswordBytes bytes (long enough for any passphrase or manager-made
// password, short enough that nobody can make the server hash megabytes).
const (
	MinPasswordLength = 12
	MaxPasswordBytes  = 1024
)

// Password policy errors, returned by CheckPassword.
var (
	ErrPasswordTooShort = fmt.Errorf("password is too short: use at least %d characters", MinPasswordLength)
	ErrPasswordTooLong  = fmt.Errorf("password is too long: use at most %d bytes", MaxPasswordBytes)
)

// CheckPassword returns ErrPasswordTooShort or ErrPasswordTooLong when pw
// breaks the password rules, nil otherwise.
func CheckPassword(pw string) error {
	if len(pw) > MaxPasswordBytes {
		return ErrPasswordTooLong
	}
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return ErrPasswordTooShort
	}
	return nil
}

// Params are argon2id cost parameters (RFC 9106 §3.1).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8  // lanes (degree of parallelism)
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes of tag
}

// DefaultParams is RFC 9106 §4's second recommended option ("if much less
// memory is available"): argon2id, t=3 passes, p=4 lanes, m=64 MiB, 128-bit
// salt, 256-bit tag. It is stronger than the OWASP Password Storage Cheat
// Sheet's minimum (m=19 MiB, t=2, p=1); one hash takes about 0.1–0.3 s
// on a small 2-core server (0.25 s measured on the project's machine). At most MaxConcurrentHashes hashes run at once, so logins
// use at most MaxConcurrentHashes × 64 MiB.
var DefaultParams = Params{Memory: 64 * 1024, Time: 3, Threads: 4, SaltLen: 16, KeyLen: 32}

// MaxConcurrentHashes bounds simultaneous argon2id computations (each takes
// Params.Memory KiB); further logins wait their turn.
const MaxConcurrentHashes = 2

// ErrMalformedHash is returned (wrapped, with the reason) for a stored hash
// that is not a PHC argon2id string this package can verify.
var ErrMalformedHash = errors.New("malformed password hash")

// Hasher makes and checks argon2id password hashes in the PHC string format
// (https://github.com/P-H-C/phc-string-format):
//
//	$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>
//
// with salt and hash in unpadded standard base64. Verification reads the
// parameters from the string, so hashes made with older parameters keep
// working (and report that they need rehashing). A Hasher is safe for
// concurrent use.
type Hasher struct {
	params Params
	sem    chan struct{}
}

// NewHasher returns a Hasher making hashes with p.
func NewHasher(p Params) *Hasher {
	return &Hasher{params: p, sem: make(chan struct{}, MaxConcurrentHashes)}
}

// Params returns the parameters new hashes are made with.
func (h *Hasher) Params() Params { return h.params }

func (h *Hasher) key(pw, salt []byte, p Params) []byte {
	h.sem <- struct{}{}
	defer func() { <-h.sem }()
	return argon2.IDKey(pw, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// Hash returns the PHC string of a new argon2id hash of password with a
// fresh random salt. It does not apply the password rules (CheckPassword).
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	return encodePHC(h.params, salt, h.key([]byte(password), salt, h.params)), nil
}

// Verify reports whether password matches the PHC string encoded, comparing
// in constant time. rehash is true when the hash was made with other
// parameters than the Hasher's, so the caller should store a new Hash. The
// error is ErrMalformedHash (wrapped) when encoded cannot be parsed.
func (h *Hasher) Verify(encoded, password string) (ok, rehash bool, err error) {
	p, salt, want, err := DecodePHC(encoded)
	if err != nil {
		return false, false, err
	}
	got := h.key([]byte(password), salt, p)
	ok = subtle.ConstantTimeCompare(got, want) == 1
	return ok, p != h.params, nil
}

func encodePHC(p Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Bounds accepted when decoding, so that a damaged or hostile stored hash
// cannot make the server allocate gigabytes or spin for minutes.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 16
	maxThreads   = 64
)

// DecodePHC parses an argon2id PHC string into its parameters (SaltLen and
// KeyLen set from the decoded lengths), salt and hash. Only version 19
// (0x13, the version of RFC 9106) is accepted. Errors wrap ErrMalformedHash.
func DecodePHC(s string) (p Params, salt, key []byte, err error) {
	bad := func(why string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" {
		return bad("want $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if f[1] != "argon2id" {
		return bad("algorithm " + strconv.Quote(f[1]) + " is not argon2id")
	}
	if f[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("version " + strconv.Quote(f[2]) + " is not v=19")
	}
	seen := map[string]bool{}
	for _, kv := range strings.Split(f[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil || seen[k] {
			return bad("parameter " + strconv.Quote(kv))
		}
		seen[k] = true
		switch k {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return bad("parameter " + strconv.Quote(kv))
			}
			p.Threads = uint8(n)
		default:
			return bad("unknown parameter " + strconv.Quote(k))
		}
	}
	switch {
	case !seen["m"] || !seen["t"] || !seen["p"]:
		return bad("want m, t and p")
	case p.Threads < 1 || p.Threads > maxThreads:
		return bad("p out of range 1–64")
	case p.Time < 1 || p.Time > maxTime:
		return bad("t out of range 1–16")
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemoryKiB:
		return bad("m out of range 8·p–1048576 KiB")
	}
	b64 := base64.RawStdEncoding.Strict()
	if salt, err = b64.DecodeString(f[4]); err != nil || len(salt) < 8 || len(salt) > 64 {
		return bad("salt is not 8–64 bytes of unpadded base64")
	}
	if key, err = b64.DecodeString(f[5]); err != nil || len(key) < 16 || len(key) > 128 {
		return bad("hash is not 16–128 bytes of unpadded base64")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}
