package tree

// Node is a tree of named nodes.
type Node struct {
	Name     string
	Children []*Node
}

// WalkDepthFirst visits n and then its children.
func (n *Node) WalkDepthFirst(visit func(*Node, int), depth int) {
	visit(n, depth)
	for _, child := range n.Children {
		child.WalkDepthFirst(visit, depth+1)
	}
}

// CountNodes counts n and its descendants.
func CountNodes(n *Node) int {
	total := 1
	for _, c := range n.Children {
		total += CountNodes(c)
	}
	return total
}
