package config

import (
	"fmt"
	"net/netip"
	"strings"
)

// proxyList is the flag.Value of --trusted-proxies: a comma-separated list
// of CIDR prefixes or single IP addresses ("10.0.0.0/8, 192.0.2.7,
// fd00::/8"). Setting it replaces the whole list; an empty string means no
// trusted proxies.
type proxyList []netip.Prefix

func (p *proxyList) String() string {
	if p == nil {
		return ""
	}
	s := make([]string, len(*p))
	for i, x := range *p {
		s[i] = x.String()
	}
	return strings.Join(s, ",")
}

func (p *proxyList) Set(v string) error {
	ps, err := ParseProxies(v)
	if err != nil {
		return err
	}
	*p = ps
	return nil
}

// ParseProxies parses a comma-separated list of CIDR prefixes or single
// addresses into prefixes (a single address becomes a /32 or /128; IPv4-mapped
// IPv6 addresses are unmapped; host bits are masked off). It names the entry
// at fault.
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not a CIDR prefix such as 10.0.0.0/8", f)
			}
			if p.Addr().Is4In6() {
				if p.Bits() < 96 {
					return nil, fmt.Errorf("%q is not a CIDR prefix such as 10.0.0.0/8", f)
				}
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("%q is not an IP address or CIDR prefix", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
