// A Tradepost webhook receiver in Go (standard library only).
// Run: WEBHOOK_SECRET=whsec_… PORT=8000 go run main.go
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

const tolerance = 300

func verify(secret string, raw []byte, header string) bool {
	var timestamp int64 = -1
	var candidates []string
	for _, element := range strings.Split(header, ",") {
		key, value, _ := strings.Cut(strings.TrimSpace(element), "=")
		if key == "t" {
			if t, err := strconv.ParseInt(value, 10, 64); err == nil {
				timestamp = t
			}
		} else if key == "v1" {
			candidates = append(candidates, value)
		}
	}
	if timestamp < 0 || len(candidates) == 0 {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10) + "."))
	mac.Write(raw)
	expected := []byte(hex.EncodeToString(mac.Sum(nil)))
	matched := false
	for _, c := range candidates {
		if hmac.Equal(expected, []byte(c)) {
			matched = true
		}
	}
	return matched && math.Abs(float64(time.Now().Unix()-timestamp)) <= tolerance
}

func main() {
	secret := os.Getenv("WEBHOOK_SECRET")
	seen := map[string]bool{} // dedupe on the event id: delivery is at least once
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body) // the raw bytes: never re-serialize before verifying
		if !verify(secret, raw, r.Header.Get("Tradepost-Signature")) {
			fmt.Println("rejected signature")
			w.WriteHeader(400)
			return
		}
		var event struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		}
		json.Unmarshal(raw, &event)
		seen[event.ID] = true
		fmt.Printf("verified %s %s\n", event.ID, event.Type)
		w.Write([]byte("ok"))
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8000"
	}
	if err := http.ListenAndServe("127.0.0.1:"+port, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
