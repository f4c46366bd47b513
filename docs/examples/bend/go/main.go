// Tradepost B-End API v1 — complete client in Go, standard library only.
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_APP_ID=app_… TRADEPOST_SECRET_KEY=… TRADEPOST_SIGN_KEY=… go run main.go
package main

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"math"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

var (
	baseURL   = os.Getenv("TRADEPOST_BASE_URL")
	appID     = os.Getenv("TRADEPOST_APP_ID")
	secretKey = []byte(os.Getenv("TRADEPOST_SECRET_KEY"))
	signKey   = []byte(os.Getenv("TRADEPOST_SIGN_KEY"))
)

// Envelope is the five auth fields, as a signed response carries them.
type Envelope struct {
	AppID     string `json:"app_id"`
	Nonce     string `json:"nonce"`
	Timestamp string `json:"timestamp"`
	Data      string `json:"data"`
	Sign      string `json:"sign"`
}

// Response is the standard {code, message, data}; Data stays raw until we know its shape.
type Response struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

func gcm() cipher.AEAD {
	block, err := aes.NewCipher(secretKey) // 32 ASCII bytes = AES-256
	must(err)
	aead, err := cipher.NewGCM(block) // 12-byte nonce, 16-byte tag
	must(err)
	return aead
}

// encrypt returns Base64(iv || ciphertext || tag); Seal appends ciphertext||tag to iv.
func encrypt(plaintext []byte) string {
	iv := make([]byte, 12)
	_, err := rand.Read(iv)
	must(err)
	return base64.StdEncoding.EncodeToString(gcm().Seal(iv, iv, plaintext, nil))
}

func decrypt(data string) []byte {
	raw, err := base64.StdEncoding.DecodeString(data)
	must(err)
	if len(raw) < 12+16 {
		log.Fatal("response data too short")
	}
	plaintext, err := gcm().Open(nil, raw[:12], raw[12:], nil)
	must(err)
	return plaintext
}

// sign = hex HMAC-SHA256(Sign Key, compact JSON of app_id, data, nonce, timestamp; keys in ASCII order).
// encoding/json writes map keys sorted; SetEscapeHTML(false) keeps it byte-for-byte standard JSON.
func sign(appID, data, nonce, timestamp string) string {
	var message bytes.Buffer
	enc := json.NewEncoder(&message)
	enc.SetEscapeHTML(false)
	must(enc.Encode(map[string]string{"app_id": appID, "data": data, "nonce": nonce, "timestamp": timestamp}))
	mac := hmac.New(sha256.New, signKey)
	mac.Write(bytes.TrimSuffix(message.Bytes(), []byte("\n"))) // Encode adds a newline
	return hex.EncodeToString(mac.Sum(nil))
}

func call(method, path string, params any) Response {
	// GET params are strings; no params at all (nil) = data "" (nothing is encrypted).
	data := ""
	if params != nil {
		plaintext, err := json.Marshal(params)
		must(err)
		data = encrypt(plaintext)
	}
	nonceBytes := make([]byte, 16)
	_, err := rand.Read(nonceBytes)
	must(err)
	nonce, timestamp := hex.EncodeToString(nonceBytes), strconv.FormatInt(time.Now().Unix(), 10)

	target, body := baseURL+path, []byte(nil)
	if method == http.MethodGet {
		if data != "" {
			target += "?" + url.Values{"data": {data}}.Encode()
		}
	} else {
		body, err = json.Marshal(map[string]string{"data": data})
		must(err)
	}
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	must(err)
	req.Header.Set("App-ID", appID)
	req.Header.Set("Timestamp", timestamp)
	req.Header.Set("Nonce", nonce)
	req.Header.Set("Sign", sign(appID, data, nonce, timestamp))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	must(err)
	defer res.Body.Close()

	// Business errors come with HTTP 4xx, still as an envelope: decode whatever the status.
	var envelope Envelope
	var plain Response
	var raw json.RawMessage
	must(json.NewDecoder(res.Body).Decode(&raw))
	must(json.Unmarshal(raw, &envelope))
	if envelope.Sign == "" {
		// Only the pre-authentication failures 1001–1007 are sent unsigned.
		must(json.Unmarshal(raw, &plain))
		if plain.Code >= 1001 && plain.Code <= 1007 {
			log.Fatalf("B-End %d: %s", plain.Code, plain.Message)
		}
		log.Fatalf("unsigned response refused (HTTP %d)", res.StatusCode)
	}
	// Verify BEFORE decrypting: our App, a matching signature (constant time), a fresh timestamp.
	expected := sign(envelope.AppID, envelope.Data, envelope.Nonce, envelope.Timestamp)
	if envelope.AppID != appID || !hmac.Equal([]byte(expected), []byte(envelope.Sign)) {
		log.Fatal("response signature mismatch")
	}
	ts, err := strconv.ParseInt(envelope.Timestamp, 10, 64)
	if err != nil || math.Abs(float64(time.Now().Unix()-ts)) > 300 {
		log.Fatal("stale response")
	}
	var response Response
	must(json.Unmarshal(decrypt(envelope.Data), &response))
	return response
}

// ok unpacks a successful response's data into out.
func ok(response Response, out any) {
	if response.Code != 0 {
		log.Fatalf("B-End %d: %s", response.Code, response.Message)
	}
	must(json.Unmarshal(response.Data, out))
}

type Sku struct {
	SkuID  string `json:"sku_id"`
	Price  string `json:"price"`
	Stock  int    `json:"stock"`
	Status string `json:"status"`
}

type Product struct {
	GoodsID string `json:"goods_id"`
	Title   string `json:"title"`
	Status  string `json:"status"`
	Skus    []Sku  `json:"skus"`
}

const quantity = 2

// orderableSku is the product's first SKU on sale with the quantity in stock, or nil.
func orderableSku(p *Product) *Sku {
	for i := range p.Skus {
		if s := &p.Skus[i]; p.Status == "on_sale" && s.Status == "on_sale" && s.Stock >= quantity {
			return s
		}
	}
	return nil
}

type Order struct {
	OrderNo           string  `json:"order_no"`
	MerchantOrderNo   string  `json:"merchant_order_no"`
	Amount            string  `json:"amount"`
	Currency          string  `json:"currency"`
	Status            string  `json:"status"`
	RefundReferenceNo *string `json:"refund_reference_no"`
}

func main() {
	log.SetFlags(0) // the message alone on stderr, no date
	if baseURL == "" || appID == "" || len(secretKey) == 0 || len(signKey) == 0 {
		log.Fatal("set TRADEPOST_BASE_URL, TRADEPOST_APP_ID, TRADEPOST_SECRET_KEY, TRADEPOST_SIGN_KEY")
	}
	if !strings.HasSuffix(strings.TrimRight(baseURL, "/"), "/api/v1") {
		log.Fatal("TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)")
	}
	baseURL = strings.TrimRight(baseURL, "/") // paths below start with "/"
	var page struct {
		Items []Product `json:"items"`
		Total int       `json:"total"`
	}
	ok(call("GET", "/products", map[string]string{"page": "1", "page_size": "10"}), &page)

	// The first SKU on the page that can be ordered: the first product may have none on sale or in stock.
	var first *Product
	for i := range page.Items {
		if orderableSku(&page.Items[i]) != nil {
			first = &page.Items[i]
			break
		}
	}
	if first == nil {
		log.Fatalf("No product on the first page has a SKU on sale with %d in stock: nothing to order.", quantity)
	}
	var product Product
	ok(call("GET", "/products/"+url.PathEscape(first.GoodsID), nil), &product)
	sku := orderableSku(&product)
	if sku == nil {
		log.Fatalf("%s has no SKU on sale with %d in stock any more: run again.", product.GoodsID, quantity)
	}

	merchantOrderNo := os.Getenv("MERCHANT_ORDER_NO")
	if merchantOrderNo == "" {
		merchantOrderNo = fmt.Sprintf("go-%d", time.Now().UnixMilli())
	}
	orderRequest := map[string]any{
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
	}
	var order Order
	ok(call("POST", "/orders", orderRequest), &order)

	// Idempotency: the same merchant_order_no again is refused with 2002 and charges nothing.
	again := call("POST", "/orders", orderRequest)
	var existing struct {
		OrderNo *string `json:"order_no"`
	}
	_ = json.Unmarshal(again.Data, &existing)

	// Your pending orders, newest first (v1.1); then cancel this one: it is refunded at once.
	var pending struct {
		Items []Order `json:"items"`
		Total int     `json:"total"`
	}
	ok(call("GET", "/orders", map[string]string{"page": "1", "page_size": "10", "status": "pending"}), &pending)
	var pendingFirst *string
	if len(pending.Items) > 0 {
		pendingFirst = &pending.Items[0].OrderNo
	}
	var cancelled Order
	orderPath := "/orders/" + url.PathEscape(order.OrderNo)
	ok(call("POST", orderPath+"/cancel", map[string]string{"reason": "example: changed my mind"}), &cancelled)

	var credit struct {
		Available string `json:"available"`
		Currency  string `json:"currency"`
	}
	ok(call("GET", "/credit", nil), &credit)

	summary, err := json.Marshal(map[string]any{
		"products_total":      page.Total,
		"goods_id":            product.GoodsID,
		"sku_id":              sku.SkuID,
		"order_no":            order.OrderNo,
		"merchant_order_no":   order.MerchantOrderNo,
		"amount":              order.Amount,
		"duplicate_code":      again.Code,
		"duplicate_order_no":  existing.OrderNo,
		"pending_total":       pending.Total,
		"pending_first":       pendingFirst,
		"cancelled_status":    cancelled.Status,
		"refund_reference_no": cancelled.RefundReferenceNo,
		"available":           credit.Available,
	})
	must(err)
	fmt.Println(string(summary))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
