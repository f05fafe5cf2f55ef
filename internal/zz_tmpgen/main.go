package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"penny/demo"
)

// Writes one OFX file per demo account with N transactions in all.
func main() {
	n, _ := strconv.Atoi(os.Args[2])
	d := demo.Generate(demo.Options{Seed: 1, Transactions: n, End: time.Now()})
	for _, a := range d.Accounts {
		var b bytes.Buffer
		if err := d.WriteOFX(&b, a.Key); err != nil {
			panic(err)
		}
		os.WriteFile(filepath.Join(os.Args[1], a.Key+".ofx"), b.Bytes(), 0o600)
	}
}
