package merchant

// Two small open-addressing hash tables replace Go maps on the hot path:
// identifying a descriptor looks up each of its words and each step of the
// trie walk, and a probe of these flat arrays costs a fraction of a map
// access.

// fnv returns the FNV-1a hash of b.
func fnv(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// wordTable maps a word to its vocabulary id. A slot packs the high half
// of the word's hash with its id, so that the table stays small enough to
// live in cache; the id then finds the word's bytes to compare.
type wordTable struct {
	slots  []uint64 // hash>>32<<32 | id; 0: empty
	mask   uint64
	off    []uint32 // by id: where the word starts in arena
	ends   []uint32 // by id: where it ends
	arena  string   // every word, end to end
	maxLen int      // no longer word is in the table
	maxNum int      // nor a longer all-digit one
}

func newWordTable(vocab map[string]int32) wordTable {
	size := 1
	for size < 2*len(vocab) {
		size <<= 1
	}
	t := wordTable{slots: make([]uint64, size), mask: uint64(size - 1), off: make([]uint32, len(vocab)+1), ends: make([]uint32, len(vocab)+1)}
	var arena []byte
	for w, id := range vocab {
		if id == 0 {
			continue
		}
		h := fnv([]byte(w))
		i := h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = h>>32<<32 | uint64(uint32(id))
		t.off[id] = uint32(len(arena))
		arena = append(arena, w...)
		t.ends[id] = uint32(len(arena))
		t.maxLen = max(t.maxLen, len(w))
		if allDigits(w) {
			t.maxNum = max(t.maxNum, len(w))
		}
	}
	t.arena = string(arena)
	return t
}

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

func (t *wordTable) lookup(w []byte, digitsOnly bool) int32 {
	if t == nil || len(t.slots) == 0 || len(w) > t.maxLen || digitsOnly && len(w) > t.maxNum {
		return 0
	}
	h := fnv(w)
	tag := h >> 32 << 32
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return 0
		}
		if s&^0xffffffff == tag {
			id := int32(uint32(s))
			if t.arena[t.off[id]:t.ends[id]] == string(w) {
				return id
			}
		}
	}
}

// edgeTable maps (node, word id) to the child node.
type edgeTable struct {
	keys []uint64 // 0: empty (a word id is never 0)
	vals []int32
	mask uint64
}

func edgeKey(n, id int32) uint64 { return uint64(n)<<32 | uint64(uint32(id)) }

func newEdgeTable(edges map[uint64]int32) edgeTable {
	size := 1
	for size < 2*len(edges) {
		size <<= 1
	}
	t := edgeTable{keys: make([]uint64, size), vals: make([]int32, size), mask: uint64(size - 1)}
	for k, v := range edges {
		i := mix(k) & t.mask
		for t.keys[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.vals[i] = k, v
	}
	return t
}

func mix(k uint64) uint64 {
	k ^= k >> 29
	k *= 0xbf58476d1ce4e5b9
	return k ^ k>>32
}

func (t *edgeTable) get(k uint64) int32 {
	for i := mix(k) & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case k:
			return t.vals[i]
		case 0:
			return 0
		}
	}
}
