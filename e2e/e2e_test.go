//go:build e2e

// Package e2e drives the reader site in a real browser: Debian's Chromium,
// headless, through the Chrome DevTools Protocol (chromedp). Each test starts
// Masthead in-process over a fresh SQLite database holding the demo edition
// (or a corpus import), opens one Chromium with a throw-away profile, and
// walks a reader's path: the front, a click into a story, READ NEXT, search
// with JavaScript off, the keyboard. Every wait is on a condition in the page,
// never on a clock.
//
// Run with
//
//	go test -count=1 -tags e2e ./e2e/...
//
// The tests skip when no chromium, chromium-browser or google-chrome is in
// PATH. Screenshots go to e2e/artifacts/ (ignored by git).
package e2e
