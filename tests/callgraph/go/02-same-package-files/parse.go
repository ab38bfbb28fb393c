package main

import "strings"

const sampleLog = `GET /index 200
GET /missing 404
POST /login 200
GET /index 200`

type entry struct {
	method, path string
	status       int
}

func parseLine(line string) (entry, bool) {
	fields := strings.Fields(line)
	if len(fields) != 3 {
		return entry{}, false
	}
	return entry{method: fields[0], path: fields[1], status: statusCode(fields[2])}, true
}

func statusCode(text string) int {
	code := 0
	for _, c := range text {
		code = code*10 + int(c-'0')
	}
	return code
}

func parseLog(text string) []entry {
	var out []entry
	for _, line := range strings.Split(text, "\n") {
		if e, ok := parseLine(line); ok {
			out = append(out, e)
		}
	}
	return out
}
