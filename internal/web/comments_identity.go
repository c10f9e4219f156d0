package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"masthead/internal/auth"
	"masthead/internal/comment"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Who is commenting. Three cookies, all HttpOnly, SameSite=Lax, Path=/:
//
//   - mh_guest: a guest's identity id, signed (HMAC-SHA256 with the site
//     secret "comment-cookie") with a one-year expiry. It proves ownership
//     of the guest's comments for the edit window and prefills the form.
//   - mh_reader: a verified reader's session token (random 32 bytes; only
//     its SHA-256 is stored in comment_sessions), 90 days.
//   - mh_staff: a newsroom user's comment pass, signed, 12 hours; issued by
//     /admin/comments/staff to a signed-in user (the admin session cookie
//     is scoped to /admin and never reaches the reader site). It carries
//     the user's session generation, so "log out everywhere" ends it.
//
// A request carrying any of them is served without the page cache, since
// the page shows that person's own controls.

const (
	cookieGuest  = "mh_guest"
	cookieReader = "mh_reader"
	cookieStaff  = "mh_staff"

	guestTTL  = 365 * 24 * time.Hour
	readerTTL = 90 * 24 * time.Hour
	staffTTL  = 12 * time.Hour

	// Votes and reports per client IP: a burst of voteBurst, then one
	// every voteEvery (429 with Retry-After beyond).
	voteBurst = 30
	voteEvery = 2 * time.Second
)

// personal reports whether r carries a commenter cookie (page cache bypass).
func personal(r *http.Request) bool {
	if r.Header.Get("Cookie") == "" {
		return false
	}
	for _, n := range []string{cookieGuest, cookieReader, cookieStaff} {
		if _, err := r.Cookie(n); err == nil {
			return true
		}
	}
	return false
}

// commentKeys holds the HMAC key of comment cookies, read from the
// store's site secrets on first use.
type commentKeys struct {
	mu     sync.Mutex
	cookie []byte

	// Sign-in link limits: per client IP and per address.
	signinIP, signinAddr *keyedLimiter
	// votes limits votes and reports together, per hashed client IP.
	votes *keyedLimiter
	// live counts open live comment streams per client IP.
	live liveStreams
	// sending tracks comment e-mails still being sent (tests wait on it).
	sending sync.WaitGroup
}

func newCommentKeys() *commentKeys {
	return &commentKeys{signinIP: newKeyedLimiter(20, 3*time.Minute), signinAddr: newKeyedLimiter(3, 10*time.Minute),
		votes: newKeyedLimiter(voteBurst, voteEvery)}
}

func (s *Site) commentKey(ctx context.Context) ([]byte, error) {
	k := s.ckeys
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cookie == nil {
		key, err := s.st.Secret(ctx, "comment-cookie")
		if err != nil {
			return nil, err
		}
		k.cookie = key
	}
	return k.cookie, nil
}

// viewer is the person looking at or acting on comments.
type viewer struct {
	Identity  *model.CommentIdentity // nil when not known yet
	Staff     *store.User            // set for newsroom staff
	Moderator bool                   // staff allowed to pick and pin
	IPHash    string                 // keyed hash of the client IP (comment.Decider.HashIP)
}

// ID returns the viewer's identity id, 0 when none.
func (v *viewer) ID() int64 {
	if v == nil || v.Identity == nil {
		return 0
	}
	return v.Identity.ID
}

// voter returns the key deduplicating the viewer's votes and flags:
// verified readers and staff count once per identity; guests and visitors
// with no identity once per hashed client IP, so a pile of fresh guest
// cookies from one address still counts once (the guest's identity id is
// stored with the vote as well, and the store keeps one per identity too).
func (v *viewer) voter() string {
	if v.Identity != nil && v.Identity.Kind != model.IdentityGuest {
		return store.VoterKey(v.Identity.ID, v.IPHash)
	}
	return store.VoterKey(0, v.IPHash)
}

// commentViewer works out who sent r from its cookies and client IP. Bad,
// expired or revoked cookies are ignored (the person counts as new).
func (s *Site) commentViewer(r *http.Request) (*viewer, error) {
	ctx := r.Context()
	ckey, err := s.commentKey(ctx)
	if err != nil {
		return nil, err
	}
	ipHash, err := s.decider.HashIP(ctx, s.auth.ClientIP(r))
	if err != nil {
		return nil, err
	}
	v := &viewer{IPHash: ipHash}
	now := s.clock()
	if c, err := r.Cookie(cookieStaff); err == nil {
		if val, ok := comment.Verify(ckey, "staff", c.Value, now); ok {
			uid, gen, _ := strings.Cut(val, "-")
			id, _ := strconv.ParseInt(uid, 10, 64)
			g, _ := strconv.ParseInt(gen, 10, 64)
			u, err := s.st.UserByID(ctx, id)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
			if u != nil && !u.Disabled && u.SessionGen == g {
				ci, err := s.st.StaffIdentity(ctx, u.ID, u.Name)
				if err != nil {
					return nil, err
				}
				v.Identity, v.Staff = ci, u
				v.Moderator = auth.Can(auth.Role(u.Role), auth.ModerateComments)
				return v, nil
			}
		}
	}
	if c, err := r.Cookie(cookieReader); err == nil && c.Value != "" {
		ci, err := s.st.CommentSessionIdentity(ctx, hashToken(c.Value), now)
		if err == nil {
			v.Identity = ci
			return v, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	if c, err := r.Cookie(cookieGuest); err == nil {
		if val, ok := comment.Verify(ckey, "guest", c.Value, now); ok {
			id, _ := strconv.ParseInt(val, 10, 64)
			ci, err := s.st.CommentIdentity(ctx, id)
			if err == nil && ci.Kind == model.IdentityGuest {
				v.Identity = ci
			} else if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
		}
	}
	return v, nil
}

// setCommentCookie sets one of the commenter cookies.
func (s *Site) setCommentCookie(w http.ResponseWriter, name, value string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(ttl / time.Second),
		HttpOnly: true, Secure: s.base.Scheme == "https", SameSite: http.SameSiteLaxMode})
}

func (s *Site) clearCommentCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.base.Scheme == "https", SameSite: http.SameSiteLaxMode})
}

// guestIdentity returns the identity a guest posts under: the one in their
// cookie, taking the name, e-mail and website they give now (one guest
// identity per guest cookie, so votes, limits and history stay together;
// their comments all show the current name), else a new one. Nothing is
// stored yet: a new identity has ID 0, and saveGuestIdentity stores it or
// the changes once the comment is accepted, so a refused form leaves no
// identity, no change and no cookie behind.
func (s *Site) guestIdentity(v *viewer, name, email, website string) *model.CommentIdentity {
	if ci := v.Identity; ci != nil && ci.Kind == model.IdentityGuest {
		next := *ci
		next.Name, next.Email, next.Website = name, email, website
		return &next
	}
	return &model.CommentIdentity{Kind: model.IdentityGuest, Name: name, Email: email, Website: website, Created: s.clock()}
}

// saveGuestIdentity stores ci when it is new (ID 0) and sets the signed
// guest cookie naming it; an identity already stored takes ci's name,
// e-mail and website when they differ from the viewer's.
func (s *Site) saveGuestIdentity(w http.ResponseWriter, r *http.Request, v *viewer, ci *model.CommentIdentity) error {
	ctx := r.Context()
	if ci.ID != 0 {
		if old := v.Identity; old != nil && (old.Name != ci.Name || old.Email != ci.Email || old.Website != ci.Website) {
			if err := s.st.UpdateGuestIdentity(ctx, ci.ID, ci.Name, ci.Email, ci.Website); err != nil {
				return err
			}
			v.Identity = ci
		}
		return nil
	}
	ckey, err := s.commentKey(ctx)
	if err != nil {
		return err
	}
	if err := s.st.CreateCommentIdentity(ctx, ci); err != nil {
		return err
	}
	s.setCommentCookie(w, cookieGuest, comment.Sign(ckey, "guest", strconv.FormatInt(ci.ID, 10), s.clock().Add(guestTTL)), guestTTL)
	v.Identity = ci
	return nil
}

// newToken returns 32 random bytes, base64url.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is the stored form of a token: hex SHA-256.
func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}
