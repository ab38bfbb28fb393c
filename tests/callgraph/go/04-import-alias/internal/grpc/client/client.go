package client

import "fmt"

// Client talks gRPC.
type Client struct {
	target string
}

// New dials target.
func New(target string) *Client {
	return &Client{target: target}
}

// Do invokes a method.
func Do(c *Client, method string) string {
	return fmt.Sprintf("invoke %s on %s", method, c.target)
}
