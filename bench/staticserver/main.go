// Command staticserver serves a folder with Go's http.FileServer: the
// baseline the article-page benchmark compares Masthead against.
//
//	go run ./bench/staticserver -addr 127.0.0.1:8091 -dir /tmp/pages
package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8091", "listen address")
	dir := flag.String("dir", ".", "folder to serve")
	flag.Parse()
	log.Fatal(http.ListenAndServe(*addr, http.FileServer(http.Dir(*dir))))
}
