// Command comments-load measures comment creation under a live audience,
// as issue 4 asks: -posters concurrent posters create comments on one
// story over loopback (POST /articles/SLUG/comments, JSON answers) while
// -listeners clients hold the story's live stream open
// (GET /articles/SLUG/comments/live, Server-Sent Events). It reports
// comments created per second, the posting latency (p50, p99, max), and
// how many live events the listeners received (each should see every
// comment). Run it through bench/comments-load.sh, which starts the server.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"log"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"masthead/bench/internal/cputime"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server base URL")
	slug := flag.String("slug", "", "story to comment on (open for comments)")
	posters := flag.Int("posters", 8, "concurrent posters")
	listeners := flag.Int("listeners", 500, "clients holding the live stream open")
	total := flag.Int("comments", 8000, "comments to create")
	wait := flag.Duration("wait", 4*time.Second, "age of the comment forms before posting starts (the minimum time-to-submit defence)")
	pid := flag.Int("pid", 0, "server process id, to report its CPU time (Linux /proc)")
	flag.Parse()
	if *slug == "" {
		log.Fatal("-slug is required")
	}

	// Listeners first: each holds a stream and counts "comment" events.
	var received atomic.Int64
	var ready sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	sse := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *listeners, DisableCompression: true}}
	var done sync.WaitGroup
	for i := 0; i < *listeners; i++ {
		ready.Add(1)
		done.Add(1)
		go func(i int) {
			defer done.Done()
			req, _ := http.NewRequestWithContext(ctx, "GET", *base+"/articles/"+*slug+"/comments/live", nil)
			// Each listener is a different reader: the server caps live
			// streams per client IP, and trusts X-Forwarded-For from
			// loopback because the script starts it with --trusted-proxies.
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
			res, err := sse.Do(req)
			if err != nil {
				log.Fatalf("live stream: %v", err)
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				log.Fatalf("live stream %d: HTTP %d", i, res.StatusCode)
			}
			ready.Done()
			sc := bufio.NewScanner(res.Body)
			sc.Buffer(make([]byte, 64<<10), 1<<20)
			for sc.Scan() {
				if sc.Text() == "event: comment" {
					received.Add(1)
				}
			}
		}(i)
	}
	ready.Wait()
	fmt.Printf("%d listeners connected\n", *listeners)

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *posters, MaxConnsPerHost: *posters, DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// Like a browser, each poster sends back the signed time stamp of the
	// comment form it was served (the spam defences hold comments without
	// one), taken from the story page; the defences also want the form to
	// be at least a few seconds old, so posting starts after that.
	stamp := func() string {
		res, err := client.Get(*base + "/articles/" + *slug)
		if err != nil {
			log.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := regexp.MustCompile(`name="ts" value="([^"]+)"`).FindSubmatch(b)
		if m == nil {
			log.Fatal("no form time stamp on the story page")
		}
		return html.UnescapeString(string(m[1]))
	}
	stamps := make([]string, *posters)
	for p := range stamps {
		stamps[p] = stamp()
	}
	time.Sleep(*wait)
	var next atomic.Int64
	lat := make([][]time.Duration, *posters)
	var failed atomic.Int64
	serverCPU0, selfCPU0 := cputime.Of(*pid), cputime.Self()
	start := time.Now()
	var wg sync.WaitGroup
	for p := 0; p < *posters; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			var cookie string
			for {
				n := next.Add(1)
				if n > int64(*total) {
					return
				}
				form := url.Values{"name": {"Poster " + strconv.Itoa(p)}, "ts": {stamps[p]},
					"body": {"Comment number " + strconv.FormatInt(n, 10) + " from poster " + strconv.Itoa(p) + ": *bench* text with a few words."}}
				req, _ := http.NewRequest("POST", *base+"/articles/"+*slug+"/comments", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Accept", "application/json")
				if cookie != "" {
					req.Header.Set("Cookie", cookie)
				}
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					log.Fatalf("post: %v", err)
				}
				var out struct {
					ID     int64
					Status string
					Error  string
				}
				json.NewDecoder(res.Body).Decode(&out)
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				lat[p] = append(lat[p], time.Since(t0))
				if res.StatusCode != http.StatusCreated {
					if failed.Add(1) < 5 {
						log.Printf("post answered %d: %s", res.StatusCode, out.Error)
					}
					continue
				}
				for _, c := range res.Cookies() {
					if c.Name == "mh_guest" {
						cookie = c.Name + "=" + c.Value
					}
				}
			}
		}(p)
	}
	wg.Wait()
	elapsed := time.Since(start)
	serverCPU, self := cputime.Of(*pid)-serverCPU0, cputime.Self()-selfCPU0
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	q := func(f float64) time.Duration { return all[int(f*float64(len(all)-1))] }
	created := int64(len(all)) - failed.Load()
	fmt.Printf("%d comments in %.2fs by %d posters: %.0f comments/s; latency p50 %v, p99 %v, max %v; %d refused\n",
		created, elapsed.Seconds(), *posters, float64(created)/elapsed.Seconds(), q(0.5).Round(10*time.Microsecond),
		q(0.99).Round(10*time.Microsecond), all[len(all)-1].Round(10*time.Microsecond), failed.Load())

	if *pid != 0 {
		fmt.Printf("cpu while posting: server %.2f s (%.0f µs/comment), load generator %.2f s (%.0f µs/comment); %.0f%% of 2 cores' time\n",
			serverCPU.Seconds(), float64(serverCPU.Microseconds())/float64(max(created, 1)), self.Seconds(),
			float64(self.Microseconds())/float64(max(created, 1)), 100*(serverCPU+self).Seconds()/(2*elapsed.Seconds()))
	}

	// Every listener should get every comment; wait until they have (or 30 s).
	want := created * int64(*listeners)
	deadline := time.Now().Add(30 * time.Second)
	for received.Load() < want && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Printf("live events received: %d of %d (%.1f%%), %.2fs after the last post\n", received.Load(), want,
		100*float64(received.Load())/float64(max(want, 1)), time.Since(start.Add(elapsed)).Seconds())
	cancel()
	done.Wait()
}
