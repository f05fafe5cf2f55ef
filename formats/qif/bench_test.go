package qif

import (
	"bytes"
	"fmt"
	"testing"
)

// genFile writes a bank section of n transactions with the fields a real
// export carries, splits on every tenth.
func genFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("!Account\nNChecking\nTBank\n^\n!Type:Bank\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "D%d/%d'%d\nT-%d,%03d.%02d\nN%d\nPPayee number %d\nMMemo for row %d\nLGroceries:Food\nCX\n",
			i%12+1, i%28+1, 2000+i%25, i%50, i%1000, i%100, 1000+i, i%977, i)
		if i%10 == 0 {
			b.WriteString("SGroceries\n$-1.00\nSHousehold\nEhalf\n$-2.00\n")
		}
		b.WriteString("^\n")
	}
	return b.Bytes()
}

func BenchmarkParse100k(b *testing.B) {
	data := genFile(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		sts, err := Parse(bytes.NewReader(data), "bench.qif", Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(sts) != 1 || len(sts[0].Transactions) != 100_000 {
			b.Fatalf("got %d statements", len(sts))
		}
	}
}
