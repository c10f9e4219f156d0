package auth

import (
	"errors"
	"strings"
	"testing"
)

// cheap are test parameters: same code path, a fraction of the cost.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestArgon2idRoundTripDefaultParams(t *testing.T) {
	h := NewHasher(DefaultParams)
	enc, err := h.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Fatalf("PHC string %q", enc)
	}
	p, salt, key, err := DecodePHC(enc)
	if err != nil || p != DefaultParams || len(salt) != 16 || len(key) != 32 {
		t.Fatalf("decode: %+v %d %d %v", p, len(salt), len(key), err)
	}
	ok, rehash, err := h.Verify(enc, "correct horse battery staple")
	if !ok || rehash || err != nil {
		t.Fatalf("verify right password: %v %v %v", ok, rehash, err)
	}
	ok, _, err = h.Verify(enc, "correct horse battery stapler")
	if ok || err != nil {
		t.Fatalf("verify wrong password: %v %v", ok, err)
	}
	enc2, _ := h.Hash("correct horse battery staple")
	if enc2 == enc {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
}

// TestPHCReencodes checks that decoding and re-encoding a PHC string gives
// the same string, and that a hash made with other parameters verifies and
// asks to be rehashed.
func TestPHCReencodes(t *testing.T) {
	h := NewHasher(cheap)
	enc, _ := h.Hash("password1234")
	p, salt, key, err := DecodePHC(enc)
	if err != nil {
		t.Fatal(err)
	}
	if again := encodePHC(p, salt, key); again != enc {
		t.Fatalf("re-encode: %q != %q", again, enc)
	}
	if ok, rehash, _ := NewHasher(DefaultParams).Verify(enc, "password1234"); !ok || !rehash {
		t.Fatalf("hash with other params: ok %v, rehash %v (want true, true)", ok, rehash)
	}
}

func TestMalformedHashes(t *testing.T) {
	good, _ := NewHasher(cheap).Hash("password1234")
	f := strings.Split(good, "$")
	for _, bad := range []string{
		"",
		"plaintext",
		"$argon2i$v=19$m=64,t=1,p=1$" + f[4] + "$" + f[5],
		"$argon2id$v=16$m=64,t=1,p=1$" + f[4] + "$" + f[5],
		"$argon2id$v=19$m=64,t=1$" + f[4] + "$" + f[5],
		"$argon2id$v=19$m=64,t=1,p=1,x=2$" + f[4] + "$" + f[5],
		"$argon2id$v=19$m=64,m=64,t=1,p=1$" + f[4] + "$" + f[5],
		"$argon2id$v=19$m=99999999,t=1,p=1$" + f[4] + "$" + f[5],
		"$argon2id$v=19$m=64,t=0,p=1$" + f[4] + "$" + f[5],
		"$argon2id$v=19$m=64,t=1,p=0$" + f[4] + "$" + f[5],
		"$argon2id$v=19$m=64,t=1,p=300$" + f[4] + "$" + f[5],
		"$argon2id$v=19$m=-1,t=1,p=1$" + f[4] + "$" + f[5],
		"$argon2id$v=19$m=64,t=1,p=1$" + f[4] + "==$" + f[5],
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + f[5],
		"$argon2id$v=19$m=64,t=1,p=1$" + f[4] + "$aGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$" + f[4] + "$" + f[5] + "$",
	} {
		if _, _, _, err := DecodePHC(bad); !errors.Is(err, ErrMalformedHash) {
			t.Errorf("DecodePHC(%q) = %v, want ErrMalformedHash", bad, err)
		}
		if ok, _, err := NewHasher(cheap).Verify(bad, "password1234"); ok || err == nil {
			t.Errorf("Verify(%q) = %v, %v", bad, ok, err)
		}
	}
}

func TestPasswordRules(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		want error
	}{
		{"", ErrPasswordTooShort},
		{"elevenchars", ErrPasswordTooShort},
		{"twelve chars", nil},
		{"ÄÖÜäöüßéèêë", ErrPasswordTooShort}, // 11 characters, 22 bytes
		{"ÄÖÜäöüßéèêëç", nil},                // 12 characters
		{strings.Repeat("x", 1024), nil},
		{strings.Repeat("x", 1025), ErrPasswordTooLong},
	} {
		if err := CheckPassword(tc.pw); err != tc.want {
			t.Errorf("CheckPassword(%d bytes) = %v, want %v", len(tc.pw), err, tc.want)
		}
	}
}

func FuzzDecodePHC(f *testing.F) {
	good, _ := NewHasher(cheap).Hash("password1234")
	f.Add(good)
	f.Add("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$aGFzaA")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := DecodePHC(s)
		if err != nil {
			return
		}
		if p.Memory > maxMemoryKiB || p.Time > maxTime || p.Threads > maxThreads || p.Threads == 0 {
			t.Fatalf("out-of-bounds params accepted: %+v", p)
		}
		if _, _, _, err := DecodePHC(encodePHC(p, salt, key)); err != nil {
			t.Fatalf("re-encoded hash does not decode: %v", err)
		}
	})
}

// TestKnownAnswer verifies a hash from the test suite of the Argon2
// reference implementation (P-H-C/phc-winner-argon2, src/test.c: argon2id,
// v=19, t=2, m=65536 KiB, p=1, password "password", salt "somesalt"),
// so the PHC encoding and the primitive agree with an independent
// implementation.
func TestKnownAnswer(t *testing.T) {
	const ref = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	h := NewHasher(DefaultParams)
	ok, rehash, err := h.Verify(ref, "password")
	if !ok || !rehash || err != nil {
		t.Fatalf("reference hash: ok %v rehash %v err %v", ok, rehash, err)
	}
	if ok, _, _ := h.Verify(ref, "Password"); ok {
		t.Fatal("reference hash accepted a wrong password")
	}
}
