// Tradepost Action API (SellerCenter signing) — a first client in Go, standard library only.
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_USER_ID=buyer@acme.test TRADEPOST_API_KEY=… go run main.go
//
// Reads your credit, lists a page of products, places one order (with a merchant_order_no, so a
// retry can never charge twice) and reads it back. An error answer is printed and exits 1.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"
)

var (
	baseURL = os.Getenv("TRADEPOST_BASE_URL") // …/api/v1, as for the B-End API
	userID  = os.Getenv("TRADEPOST_USER_ID")
	apiKey  = os.Getenv("TRADEPOST_API_KEY")
)

// actionURL is beside the B-End API: …/api/v1 → …/api/action.
func actionURL() string {
	trimmed := strings.TrimRight(baseURL, "/")
	return trimmed[:strings.LastIndex(trimmed, "/")] + "/action"
}

// rfc3986 encodes every byte but A-Z a-z 0-9 - _ . ~ as %XX (upper case); QueryEscape writes a space as +.
func rfc3986(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// call signs and sends one action and decodes the SuccessResponse's Body into out; an ErrorResponse exits.
func call(action string, params map[string]string, body any, out any) {
	query := map[string]string{
		"Action":    action,
		"UserID":    userID,
		"Version":   "1.0",
		"Format":    "JSON",
		"Timestamp": time.Now().UTC().Format("2006-01-02T15:04:05+00:00"),
	}
	for k, v := range params {
		query[k] = v
	}
	// The string to sign: every parameter but Signature, sorted by name (bytes), RFC 3986-encoded, joined by &.
	names := make([]string, 0, len(query))
	for k := range query {
		names = append(names, k)
	}
	sort.Strings(names)
	pairs := make([]string, len(names))
	for i, k := range names {
		pairs[i] = rfc3986(k) + "=" + rfc3986(query[k])
	}
	toSign := strings.Join(pairs, "&")
	mac := hmac.New(sha256.New, []byte(apiKey))
	mac.Write([]byte(toSign))
	target := actionURL() + "?" + toSign + "&Signature=" + hex.EncodeToString(mac.Sum(nil))

	method, payload := http.MethodGet, io.Reader(nil)
	if body != nil {
		encoded, err := json.Marshal(body)
		must(err)
		method, payload = http.MethodPost, bytes.NewReader(encoded) // CreateOrder must be a POST
	}
	req, err := http.NewRequest(method, target, payload)
	must(err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	must(err)
	defer res.Body.Close()
	// The Action API answers 200 even for errors: anything else is not it.
	if res.StatusCode != http.StatusOK {
		log.Fatalf("Action API %s: HTTP %s", action, res.Status)
	}
	var answer struct {
		SuccessResponse *struct {
			Body json.RawMessage `json:"Body"`
		} `json:"SuccessResponse"`
		ErrorResponse *struct {
			Head struct {
				ErrorCode    string `json:"ErrorCode"`
				ErrorMessage string `json:"ErrorMessage"`
			} `json:"Head"`
		} `json:"ErrorResponse"`
	}
	must(json.NewDecoder(res.Body).Decode(&answer))
	if answer.ErrorResponse != nil {
		head := answer.ErrorResponse.Head
		log.Fatalf("Action API %s failed: ErrorCode %s: %s", action, head.ErrorCode, head.ErrorMessage)
	}
	if answer.SuccessResponse == nil {
		log.Fatalf("Action API %s: neither SuccessResponse nor ErrorResponse", action)
	}
	must(json.Unmarshal(answer.SuccessResponse.Body, out))
}

type Sku struct {
	SkuID  string `json:"sku_id"`
	Stock  int    `json:"stock"`
	Status string `json:"status"`
}

type Product struct {
	GoodsID string `json:"goods_id"`
	Status  string `json:"status"`
	Skus    []Sku  `json:"skus"`
}

type Order struct {
	OrderNo         string `json:"order_no"`
	MerchantOrderNo string `json:"merchant_order_no"`
	Amount          string `json:"amount"`
	Status          string `json:"status"`
}

type Credit struct {
	Available string `json:"available"`
	Currency  string `json:"currency"`
}

const quantity = 2

func main() {
	log.SetFlags(0) // the message alone on stderr, no date
	if baseURL == "" || userID == "" || apiKey == "" {
		log.Fatal("set TRADEPOST_BASE_URL, TRADEPOST_USER_ID (your login e-mail) and TRADEPOST_API_KEY")
	}
	if !strings.HasSuffix(strings.TrimRight(baseURL, "/"), "/api/v1") {
		log.Fatal("TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)")
	}
	var credit Credit
	call("GetCredit", nil, nil, &credit)
	var page struct {
		Items []Product `json:"items"`
		Total int       `json:"total"`
	}
	call("GetProducts", map[string]string{"Page": "1", "PageSize": "10"}, nil, &page)

	// The first SKU on the page that can be ordered: on sale, with the quantity in stock.
	var product *Product
	var sku *Sku
	for i := range page.Items {
		p := &page.Items[i]
		for j := range p.Skus {
			if s := &p.Skus[j]; sku == nil && p.Status == "on_sale" && s.Status == "on_sale" && s.Stock >= quantity {
				product, sku = p, s
			}
		}
	}
	if sku == nil {
		log.Fatalf("No product on the first page has a SKU on sale with %d in stock: nothing to order.", quantity)
	}

	// Always send a merchant_order_no: a retried (or replayed) CreateOrder then answers 2002 and charges nothing.
	merchantOrderNo := os.Getenv("MERCHANT_ORDER_NO")
	if merchantOrderNo == "" {
		merchantOrderNo = fmt.Sprintf("go-%d", time.Now().UnixMilli())
	}
	var order Order
	call("CreateOrder", nil, map[string]any{
		"goods_id":          product.GoodsID,
		"sku_id":            sku.SkuID,
		"quantity":          quantity,
		"merchant_order_no": merchantOrderNo,
		"shipping_address": map[string]string{
			"name":        "Ada Lovelace",
			"phone":       "+44 20 7946 0000",
			"address":     "12 St James Square",
			"city":        "London",
			"country":     "GB",
			"postal_code": "SW1Y 4JH",
		},
	}, &order)
	var readBack Order
	call("GetOrder", map[string]string{"OrderNo": order.OrderNo}, nil, &readBack)
	var after Credit
	call("GetCredit", nil, nil, &after)

	summary, err := json.Marshal(map[string]any{
		"available_before":   credit.Available,
		"products_total":     page.Total,
		"goods_id":           product.GoodsID,
		"sku_id":             sku.SkuID,
		"order_no":           order.OrderNo,
		"merchant_order_no":  order.MerchantOrderNo,
		"amount":             order.Amount,
		"read_back_order_no": readBack.OrderNo,
		"read_back_status":   readBack.Status,
		"available_after":    after.Available,
	})
	must(err)
	fmt.Println(string(summary))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
