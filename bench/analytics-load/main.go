// Command analytics-load drives a running Masthead's analytics collector
// from a separate process over loopback, the way many readers' browsers
// would, and reports what issue 5 asks to measure:
//
//   - accepted events per second (beacons answered 204) and stored events
//     per second (until the database holds every accepted event);
//   - the live view's latency: a new reader's pageview until the SSE
//     dashboard push shows the total going up (p50, p99);
//   - the server's resident memory with the readers tracked (from
//     /proc/PID/status, VmRSS).
//
// Every reader gets its own page view id and client address (sent as
// X-Forwarded-For: run the server with --trusted-proxies 127.0.0.0/8), so
// the live state tracks -readers distinct concurrents. Run it through
// bench/analytics-load.sh, which starts the server.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"masthead/internal/store"

	"masthead/bench/internal/cputime"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server base URL (must be its --base-url)")
	data := flag.String("data", "", "the server's --data folder (to count stored events in its SQLite database)")
	readers := flag.Int("readers", 100000, "distinct readers (page views) to track")
	events := flag.Int("events", 600000, "beacons to send in the throughput phase (first one pageview per reader, then heartbeats)")
	conc := flag.Int("c", 64, "concurrent connections")
	pid := flag.Int("pid", 0, "server process id, for its RSS")
	email := flag.String("email", "", "analyst e-mail for the latency phase")
	password := flag.String("password", "", "analyst password")
	probes := flag.Int("probes", 100, "latency probes")
	flag.Parse()
	ctx := context.Background()

	var st *store.Store
	if *data != "" {
		var err error
		if st, err = store.Open(ctx, store.Options{DataDir: *data}); err != nil {
			log.Fatal(err)
		}
		defer st.Close()
	}
	countStored := func() int64 {
		if st == nil {
			return -1
		}
		n, err := st.CountAnalyticsEvents(ctx, time.Unix(1, 0), time.Now().Add(time.Hour))
		if err != nil {
			log.Fatal(err)
		}
		return n
	}
	before := countStored()
	rssBefore := rss(*pid)

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc, DisableCompression: true}}
	hit := func(body []byte, ip string) error {
		req, _ := http.NewRequest("POST", *base+"/hit", bytes.NewReader(body))
		req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
		req.Header.Set("User-Agent", benchUA)
		req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
		req.Header.Set("X-Forwarded-For", ip)
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			return fmt.Errorf("status %d", res.StatusCode)
		}
		return nil
	}
	// Throughput phase: each connection sends one beacon per HTTP/1.1
	// request and waits for its answer before the next (keep-alive, no
	// pipelining), as a browser's connection does. The requests are written
	// by hand and the answers read with http.ReadResponse, so the load
	// generator costs less CPU than net/http's client on the shared cores.
	host := strings.TrimPrefix(strings.TrimPrefix(*base, "http://"), "https://")
	var next, failed atomic.Int64
	serverCPU0, selfCPU0 := cputime.Of(*pid), cputime.Self()
	start := time.Now()
	var wg sync.WaitGroup
	for range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c *rawConn
			for {
				i := int(next.Add(1) - 1)
				if i >= *events {
					if c != nil {
						c.Close()
					}
					return
				}
				var err error
				if c == nil {
					c, err = dialRaw(host)
				}
				if err == nil {
					err = c.hit(host, i, *readers)
				}
				if err != nil {
					if c != nil {
						c.Close()
						c = nil
					}
					if failed.Add(1) < 5 {
						log.Printf("beacon %d: %v", i, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	sent := time.Since(start)
	accepted := int64(*events) - failed.Load()
	serverCPU, self := cputime.Of(*pid)-serverCPU0, cputime.Self()-selfCPU0
	fmt.Printf("accepted: %d beacons in %.2f s = %.0f events/s (%d failed, %d connections)\n",
		accepted, sent.Seconds(), float64(accepted)/sent.Seconds(), failed.Load(), *conc)
	fmt.Printf("cpu:      while sending, server %.1f s (%.1f µs/event), load generator %.1f s (%.1f µs/event); %.0f%% of 2 cores' time was the load generator's\n",
		serverCPU.Seconds(), float64(serverCPU.Microseconds())/float64(*events), self.Seconds(), float64(self.Microseconds())/float64(*events),
		100*self.Seconds()/(2*sent.Seconds()))
	if st != nil {
		want := before + accepted
		for countStored() < want && time.Since(start) < 5*time.Minute {
			time.Sleep(20 * time.Millisecond)
		}
		done := time.Since(start)
		got := countStored() - before
		fmt.Printf("stored:   %d of %d in %.2f s from the first beacon = %.0f events/s (lost %d)\n",
			got, accepted, done.Seconds(), float64(got)/done.Seconds(), accepted-got)
	}
	if *pid != 0 {
		fmt.Printf("rss:      %.0f MB before, %.0f MB with %d readers tracked\n", rssBefore, rss(*pid), *readers)
	}

	// Latency phase: a new reader's pageview until the dashboard shows it.
	if *email == "" {
		return
	}
	jar, _ := cookiejar.New(nil)
	admin := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"email": {*email}, "password": {*password}, "next": {"/admin"}}
	// Sign in; the database may be busy for a while right after the load
	// (the hourly rollup job counting the new events), so retry for a minute.
	for try := 0; ; try++ {
		lreq, _ := http.NewRequest("POST", *base+"/admin/login", strings.NewReader(form.Encode()))
		lreq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		lreq.Header.Set("Sec-Fetch-Site", "same-origin")
		lres, err := admin.Do(lreq)
		if err == nil && lres.StatusCode == http.StatusSeeOther {
			break
		}
		if try == 30 {
			log.Fatalf("sign in: %v %v", lres, err)
		}
		log.Printf("sign in failed (%v %v), retrying in 2 s", lres.Status, err)
		time.Sleep(2 * time.Second)
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sreq, _ := http.NewRequestWithContext(sctx, "GET", *base+"/admin/analytics/live", nil)
	sres, err := admin.Do(sreq)
	if err != nil || sres.StatusCode != 200 {
		log.Fatalf("stream: %v %v", sres, err)
	}
	totals := make(chan int, 16)
	go func() {
		re := regexp.MustCompile(`id="live-concurrents">(\d+)<`)
		sc := bufio.NewScanner(sres.Body)
		sc.Buffer(make([]byte, 4<<20), 4<<20)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.Atoi(m[1])
				totals <- n
			}
		}
		log.Printf("dashboard stream ended: %v", sc.Err())
		close(totals)
	}()
	current := <-totals
	var lat []time.Duration
	for p := range *probes {
		// Send at a random moment between two pushes (a probe sent right
		// after a push would always wait a whole push interval).
		time.Sleep(time.Duration(rand.Int64N(int64(time.Second))))
		for len(totals) > 0 {
			current = <-totals
		}
		r := *readers + 1000 + p
		ip := fmt.Sprintf("10.200.%d.%d", r>>8&255, r&255)
		body := fmt.Appendf(nil, `{"k":"pageview","p":"probe%08d","u":"%s/articles/probe","w":1280}`, p, *base)
		t0 := time.Now()
		if err := hit(body, ip); err != nil {
			log.Fatal(err)
		}
		for n := range totals {
			if n > current {
				lat = append(lat, time.Since(t0))
				current = n
				break
			}
		}
	}
	slices.Sort(lat)
	q := func(f float64) time.Duration { return lat[min(len(lat)-1, int(f*float64(len(lat))))] }
	fmt.Printf("latency:  event to dashboard over %d probes: p50 %v, p99 %v, max %v\n", len(lat),
		q(0.50).Round(time.Millisecond), q(0.99).Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	if *pid != 0 {
		fmt.Printf("rss:      %.0f MB at the end\n", rss(*pid))
	}
}

// rawConn is one keep-alive HTTP/1.1 connection to the collector.
type rawConn struct {
	net.Conn
	r   *bufio.Reader
	req []byte // request buffer, reused
	ip  []byte
}

func dialRaw(host string) (*rawConn, error) {
	c, err := net.Dial("tcp", host)
	if err != nil {
		return nil, err
	}
	return &rawConn{Conn: c, r: bufio.NewReaderSize(c, 4096)}, nil
}

// hit sends beacon i (the same beacons as before: reader i%readers's
// pageview first, then heartbeats) and reads the answer, which must be 204.
func (c *rawConn) hit(host string, i, readers int) error {
	r := i % readers
	article := 1 + r%40
	c.ip = fmt.Appendf(c.ip[:0], "10.%d.%d.%d", r>>16&255, r>>8&255, r&255)
	var body []byte
	if i < readers {
		body = fmt.Appendf(nil, `{"k":"pageview","p":"pv%010d","u":"http://%s/articles/story-%d?utm_source=bench","r":"https://www.google.com/","a":%d,"w":1280,"l":["next-1","more-1"]}`, r, host, article, article)
	} else {
		body = fmt.Appendf(nil, `{"k":"heartbeat","p":"pv%010d","u":"http://%s/articles/story-%d","a":%d,"e":%d,"d":%d}`, r, host, article, article, i%16, i%101)
	}
	b := append(c.req[:0], "POST /hit HTTP/1.1\r\nHost: "...)
	b = append(b, host...)
	b = append(b, "\r\nContent-Type: text/plain;charset=UTF-8\r\nUser-Agent: "+benchUA+"\r\nAccept-Language: en-GB,en;q=0.9\r\nX-Forwarded-For: "...)
	b = append(b, c.ip...)
	b = append(b, "\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, "\r\n\r\n"...)
	b = append(b, body...)
	c.req = b
	if _, err := c.Write(b); err != nil {
		return err
	}
	res, err := http.ReadResponse(c.r, nil)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	if res.Close {
		return errors.New("server closed the connection")
	}
	return nil
}

// benchUA is a current desktop Chrome's user agent.
const benchUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"

// rss returns the resident set of process pid in MB (0 when unknown).
func rss(pid int) float64 {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
