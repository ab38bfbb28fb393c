package shapes

import (
	"errors"
	"fmt"
	"math"
)

// Shape is implemented by Circle and Rect.
type Shape interface {
	Area() float64
	Validate() error
}

// Circle has a radius.
type Circle struct{ R float64 }

// Rect has a width and a height.
type Rect struct{ W, H float64 }

func (c Circle) Area() float64 {
	return math.Pi * c.R * c.R
}

func (c Circle) Validate() error {
	if c.R <= 0 {
		return errors.New("circle: radius must be positive")
	}
	return nil
}

func (c Circle) String() string {
	return fmt.Sprintf("circle(r=%g, area=%.2f)", c.R, c.Area())
}

func (r Rect) Area() float64 {
	return r.W * r.H
}

func (r Rect) Validate() error {
	if r.W <= 0 || r.H <= 0 {
		return errors.New("rect: sides must be positive")
	}
	return nil
}

func (r Rect) String() string {
	return fmt.Sprintf("rect(%gx%g, area=%.2f)", r.W, r.H, r.Area())
}

// Validate checks every shape and returns the first error.
func Validate(all []Shape) error {
	for _, s := range all {
		if err := s.Validate(); err != nil {
			return err
		}
	}
	return nil
}
