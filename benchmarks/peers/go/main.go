// benchmarks/peers/go/main.go — the AWS SDK for Go v2 SigV4 signer
// (aws/signer/v4, as Debian packages it) behind the peers' line protocol
// (benchmarks/peers/peer_cpp.cpp describes it).
//
//   peer_go FIXTURE
//
// One sign = a fresh *http.Request built from the fixture (header map
// cloned), SHA-256 of the body in hex (SignHTTP takes the payload hash from
// the caller), and Signer.SignHTTP. The signer is made once, as an SDK
// client does, so its derived-key cache is warm after the first sign.
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

type fixture struct {
	Method          string      `json:"method"`
	Scheme          string      `json:"scheme"`
	Host            string      `json:"host"`
	Path            string      `json:"path"`
	Query           string      `json:"query"`
	Headers         [][2]string `json:"headers"`
	Body            string      `json:"body"`
	AccessKeyID     string      `json:"access_key_id"`
	SecretAccessKey string      `json:"secret_access_key"`
	Region          string      `json:"region"`
	Service         string      `json:"service"`
	EpochSeconds    int64       `json:"epoch_seconds"`
}

func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: peer_go FIXTURE")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var f fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		panic(err)
	}
	// Host and Content-Length live in http.Request's fields, as net/http keeps them.
	base := http.Header{}
	for _, h := range f.Headers {
		if strings.EqualFold(h[0], "host") || strings.EqualFold(h[0], "content-length") {
			continue
		}
		base.Add(h[0], h[1])
	}
	body := []byte(f.Body)
	creds := aws.Credentials{AccessKeyID: f.AccessKeyID, SecretAccessKey: f.SecretAccessKey}
	at := time.Unix(f.EpochSeconds, 0).UTC()
	signer := v4.NewSigner()
	ctx := context.Background()

	signOnce := func() string {
		req := &http.Request{
			Method:        f.Method,
			URL:           &url.URL{Scheme: f.Scheme, Host: f.Host, Path: f.Path, RawQuery: f.Query},
			Host:          f.Host,
			Header:        base.Clone(),
			ContentLength: int64(len(body)),
		}
		sum := sha256.Sum256(body)
		if err := signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), f.Service, f.Region, at); err != nil {
			panic(err)
		}
		return req.Header.Get("Authorization")
	}

	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(out, "AUTH %s\n", signOnce())
	out.Flush()
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		line := in.Text()
		if !strings.HasPrefix(line, "time ") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(line, "time "))
		if err != nil || n <= 0 {
			continue
		}
		sink := 0
		t0 := cpuNanos()
		for i := 0; i < n; i++ {
			sink += len(signOnce())
		}
		t1 := cpuNanos()
		if sink == 0 {
			os.Exit(1)
		}
		fmt.Fprintf(out, "%.1f\n", float64(t1-t0)/float64(n))
		out.Flush()
	}
}
