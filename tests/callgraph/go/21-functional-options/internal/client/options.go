package client

import "time"

// Option configures a Client.
type Option func(*Client)

// WithTimeout sets the request timeout.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) {
		c.timeout = clampTimeout(d)
	}
}

// WithRetries sets how often a request is retried.
func WithRetries(n int) Option {
	return func(c *Client) {
		c.retries = n
	}
}

func clampTimeout(d time.Duration) time.Duration {
	if d > time.Minute {
		return time.Minute
	}
	return d
}
