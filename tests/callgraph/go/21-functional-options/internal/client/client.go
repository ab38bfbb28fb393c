package client

import (
	"fmt"
	"time"
)

// Client calls a remote service.
type Client struct {
	base    string
	timeout time.Duration
	retries int
}

func defaults() []Option {
	return []Option{WithTimeout(5 * time.Second), WithRetries(1)}
}

// NewClient applies the defaults, then opts.
func NewClient(base string, opts ...Option) *Client {
	c := &Client{base: base}
	for _, opt := range append(defaults(), opts...) {
		opt(c)
	}
	return c
}

// Settings describes the client's configuration.
func (c *Client) Settings() string {
	return fmt.Sprintf("%s timeout=%s retries=%d", c.base, c.timeout, c.retries)
}
