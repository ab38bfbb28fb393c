package slicesx

// Stack is a LIFO of T.
type Stack[T any] struct {
	items []T
}

// NewStack returns an empty stack.
func NewStack[T any]() *Stack[T] {
	return &Stack[T]{}
}

// PushItem adds v on top.
func (s *Stack[T]) PushItem(v T) {
	s.items = append(s.items, v)
}

// StackDepth is the number of items.
func (s *Stack[T]) StackDepth() int {
	return len(s.items)
}

// PopItem removes the top item.
func (s *Stack[T]) PopItem() (T, bool) {
	var zero T
	if s.StackDepth() == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}
