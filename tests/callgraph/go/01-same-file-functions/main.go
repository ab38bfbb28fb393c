package main

import (
	"fmt"
	"strings"
)

type row struct {
	name   string
	amount float64
}

func parse(line string) row {
	parts := strings.SplitN(line, ",", 2)
	var amount float64
	fmt.Sscanf(strings.TrimSpace(parts[1]), "%g", &amount)
	return row{name: strings.TrimSpace(parts[0]), amount: amount}
}

func total(rows []row) float64 {
	sum := 0.0
	for _, r := range rows {
		sum += r.amount
	}
	return sum
}

func formatMoney(v float64) string {
	return fmt.Sprintf("%.2f", v)
}

func render(rows []row) string {
	lines := make([]string, 0, len(rows)+1)
	for _, r := range rows {
		lines = append(lines, r.name+": "+formatMoney(r.amount))
	}
	lines = append(lines, "total: "+formatMoney(total(rows)))
	return strings.Join(lines, "\n")
}

func main() {
	raw := []string{"alice, 12.5", "bob, 7.25", "carol, 100"}
	rows := make([]row, 0, len(raw))
	for _, line := range raw {
		rows = append(rows, parse(line))
	}
	fmt.Println(render(rows))
}
