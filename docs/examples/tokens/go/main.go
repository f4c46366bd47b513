// Tradepost API tokens (WallTech header signing) — a first client in Go, standard library only.
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_TOKEN=… TRADEPOST_TOKEN_SECRET=… go run main.go
//
// Reads your credit, lists a page of products, places one order (with a merchant_order_no, so a
// retry can never charge twice) and reads it back. An error answer is printed and exits 1.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

var (
	baseURL = strings.TrimRight(os.Getenv("TRADEPOST_BASE_URL"), "/") // …/api/v1, the B-End API's paths
	token   = os.Getenv("TRADEPOST_TOKEN")
	secret  = os.Getenv("TRADEPOST_TOKEN_SECRET")
)

// call signs and sends one request and decodes the answer's data into out; a code other than 0 exits.
func call(method, path string, body any, out any) {
	target := baseURL + path                         // exactly the URL sent, query included: it is what is signed
	date := time.Now().UTC().Format(http.TimeFormat) // RFC 1123: Wed, 02 Dec 2026 10:00:00 GMT
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(method + "\n" + date + "\n" + target))
	signature := base64.StdEncoding.EncodeToString(mac.Sum(nil))

	payload := io.Reader(nil)
	if body != nil {
		encoded, err := json.Marshal(body)
		must(err)
		payload = bytes.NewReader(encoded)
	}
	req, err := http.NewRequest(method, target, payload)
	must(err)
	req.Header.Set("X-WallTech-Date", date)
	req.Header.Set("Authorization", "WallTech "+token+":"+signature)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	must(err)
	defer res.Body.Close()

	// 4xx answers carry the same {code, message, data}; anything unreadable is not this API.
	var answer struct {
		Code    *int            `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil || answer.Code == nil {
		log.Fatalf("%s %s: HTTP %s", method, path, res.Status)
	}
	if *answer.Code != 0 {
		log.Fatalf("%s %s failed: code %d: %s", method, path, *answer.Code, answer.Message)
	}
	must(json.Unmarshal(answer.Data, out))
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
	if baseURL == "" || token == "" || secret == "" {
		log.Fatal("set TRADEPOST_BASE_URL, TRADEPOST_TOKEN and TRADEPOST_TOKEN_SECRET (the token's Secret Key)")
	}
	if !strings.HasSuffix(baseURL, "/api/v1") {
		log.Fatal("TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)")
	}
	var credit Credit
	call("GET", "/credit", nil, &credit)
	var page struct {
		Items []Product `json:"items"`
		Total int       `json:"total"`
	}
	call("GET", "/products?"+url.Values{"page": {"1"}, "page_size": {"10"}}.Encode(), nil, &page)

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

	// Always send a merchant_order_no: a retried (or replayed) order then answers 2002 and charges nothing.
	merchantOrderNo := os.Getenv("MERCHANT_ORDER_NO")
	if merchantOrderNo == "" {
		merchantOrderNo = fmt.Sprintf("go-%d", time.Now().UnixMilli())
	}
	var order Order
	call("POST", "/orders", map[string]any{
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
	call("GET", "/orders/"+url.PathEscape(order.OrderNo), nil, &readBack)
	var after Credit
	call("GET", "/credit", nil, &after)

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
