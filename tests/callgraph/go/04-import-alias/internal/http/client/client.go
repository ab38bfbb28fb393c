package client

import "fmt"

// Client talks HTTP/JSON.
type Client struct {
	base string
}

// New returns a client for base.
func New(base string) *Client {
	return &Client{base: normalize(base)}
}

func normalize(base string) string {
	if len(base) > 0 && base[len(base)-1] == '/' {
		return base[:len(base)-1]
	}
	return base
}

// Do performs a request.
func Do(c *Client, path string) string {
	return fmt.Sprintf("GET %s%s", c.base, path)
}
