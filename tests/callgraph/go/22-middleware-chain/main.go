package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"example.com/middleware-chain/internal/middleware"
)

func hello(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "hello")
}

func request(h http.Handler, token string) int {
	req := httptest.NewRequest(http.MethodGet, "/hello", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func main() {
	h := middleware.Chain(http.HandlerFunc(hello), middleware.Logging, middleware.Auth)
	fmt.Println(request(h, "secret"), request(h, "wrong"))
}
