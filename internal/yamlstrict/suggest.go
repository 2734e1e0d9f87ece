package yamlstrict

import "strings"

// Suggest returns the one of known closest to unknown (a key, or a value
// such as a kind name) when the two are close enough to be a typo, else "".
// Case and '-' versus '_' are ignored.
func Suggest(unknown string, known []string) string {
	u := normalizeKey(unknown)
	best, bestDist := "", -1
	for _, k := range known {
		dist := editDistance(u, normalizeKey(k))
		if dist <= maxTypo(len(u)) && (bestDist < 0 || dist < bestDist) {
			best, bestDist = k, dist
		}
	}
	return best
}

func normalizeKey(k string) string { return strings.ReplaceAll(strings.ToLower(k), "-", "_") }

// maxTypo is the largest edit distance still taken for a typo of a key of
// n bytes: one edit for short keys, two for longer ones.
func maxTypo(n int) int {
	if n <= 4 {
		return 1
	}
	return 2
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and transpositions of adjacent bytes
// each cost one.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
