package vault

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"testing"
)

// imageOfVault copies v's database as SQLite holds it.
func imageOfVault(t *testing.T, v *Vault) []byte {
	t.Helper()
	var out []byte
	if err := pages(t.Context(), v.db, func(p []byte) error {
		out = append(out, p...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// openFresh opens the vault file afresh, read-only, as another process
// would.
func openFresh(t *testing.T, path string) *Vault {
	t.Helper()
	r, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// onDisk is the database image and generation of the file opened afresh.
func onDisk(t *testing.T, path string) ([]byte, uint64) {
	t.Helper()
	r := openFresh(t, path)
	defer r.Close()
	img := imageOfVault(t, r)
	// A lazy open reads the same database from the same file.
	l, err := Open(t.Context(), path, OpenOptions{ReadOnly: true, Lazy: true, Passphrase: passphrase("correct horse")})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if !bytes.Equal(imageOfVault(t, l), img) {
		t.Fatalf("a lazy open of %s reads another database than a full one", path)
	}
	return img, r.Generation()
}

// fileLog reads the file's header and log state.
func fileLog(t *testing.T, path string) ([]byte, *header, int, logState) {
	t.Helper()
	b, hdr, hlen := readChecked(t, path)
	_, log, err := readLog(b, hdr, hlen)
	if err != nil {
		t.Fatal(err)
	}
	return b, hdr, hlen, log
}

// A save of a few rows into a vault appends a small record and leaves the
// header and body as they were; the file then opens to exactly the database
// the writer holds.
func TestSmallSaveAppendsARecord(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 20000)
	v.Close()
	before, _, _, log0 := fileLog(t, path)
	if log0.records != 0 {
		t.Fatalf("a new vault has %d records", log0.records)
	}
	w := openWriter(t, path)
	for i := range 3 {
		addTx(t, w, fmt.Sprintf("delta-%d", i))
	}
	after, _, _, log := fileLog(t, path)
	if log.records != 3 || log.gen != log0.gen+3 {
		t.Fatalf("after 3 saves: %d records, generation %d (was %d)", log.records, log.gen, log0.gen)
	}
	if !bytes.Equal(after[:log0.end], before) {
		t.Fatal("a delta save changed the header or the body")
	}
	if grew := len(after) - len(before); grew <= 0 || grew > len(before)/20 {
		t.Fatalf("three one-row saves grew a %d-byte vault by %d bytes", len(before), grew)
	}
	img, gen := onDisk(t, path)
	if gen != log.gen || gen != w.Generation() || gen != fileGen(t, path) {
		t.Fatalf("generations: opened %d, log %d, writer %d", gen, log.gen, w.Generation())
	}
	if !bytes.Equal(img, imageOfVault(t, w)) {
		t.Fatal("the file opens to another database than the writer holds")
	}
}

// The oracle of the delta records: after every save of a random workload
// (inserts, updates, deletes, a table dropped, the database grown and the
// log folded into full saves), the file opened afresh holds byte for byte
// the image the writer holds. A block a save failed to find changed would
// differ here.
func TestDeltaSavesKeepTheFileEqualToTheDatabase(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 3000)
	v.Close()
	w := openWriter(t, path)
	st := w.Store()
	ctx := t.Context()
	db := w.DB()
	if _, err := db.ExecContext(ctx, "CREATE TABLE scratch(k INTEGER PRIMARY KEY, v BLOB)"); err != nil {
		t.Fatal(err)
	}
	if err := w.Save(ctx); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	deltas, fulls := 0, 0
	for step := range 60 {
		prev := w.log
		saved := false
		switch rng.IntN(5) {
		case 0:
			addTx(t, w, fmt.Sprintf("rand-%d", step))
			saved = true
		case 1:
			// A large write: a megabyte of blobs, enough to fold the log
			// into a full save now and then.
			for range 1 + rng.IntN(4) {
				blob := make([]byte, 64<<10)
				for i := range blob {
					blob[i] = byte(rng.Uint32())
				}
				if _, err := db.ExecContext(ctx, "INSERT INTO scratch(v) VALUES (?)", blob); err != nil {
					t.Fatal(err)
				}
			}
		case 2:
			if _, err := db.ExecContext(ctx, "DELETE FROM scratch WHERE k % ? = 0", 2+rng.IntN(3)); err != nil {
				t.Fatal(err)
			}
		case 3:
			if _, err := db.ExecContext(ctx, "UPDATE transactions SET memo = ? WHERE id % 97 = ?", fmt.Sprint(step), rng.IntN(97)); err != nil {
				t.Fatal(err)
			}
		case 4:
			if err := st.SetSetting(ctx, "step", fmt.Sprint(step)); err != nil {
				t.Fatal(err)
			}
		}
		if !saved {
			if err := w.Save(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if w.log.records > prev.records {
			deltas++
		} else if w.log.records == 0 {
			fulls++
		}
		img, gen := onDisk(t, path)
		if gen != w.Generation() {
			t.Fatalf("step %d: the file is generation %d, the writer %d", step, gen, w.Generation())
		}
		if !bytes.Equal(img, imageOfVault(t, w)) {
			t.Fatalf("step %d: the file opens to another database than the writer holds", step)
		}
	}
	if deltas < 20 || fulls < 2 {
		t.Fatalf("%d delta saves and %d full saves: the workload did not exercise both", deltas, fulls)
	}
}

// withRecords returns a closed vault file that ends in three delta records,
// the row count of each generation, and the file's log.
func withRecords(t *testing.T) (string, []byte, []int64, logState) {
	t.Helper()
	path, v := newVault(t, 3000)
	v.Close()
	w := openWriter(t, path)
	counts := []int64{countRows(t, w)}
	for i := range 3 {
		addTx(t, w, fmt.Sprintf("torn-%d", i))
		counts = append(counts, countRows(t, w))
	}
	w.Close()
	b, _, _, log := fileLog(t, path)
	if log.records != 3 {
		t.Fatalf("%d records", log.records)
	}
	return path, b, counts, log
}

func rowsIn(t *testing.T, path string) (int64, uint64) {
	t.Helper()
	r := openFresh(t, path)
	defer r.Close()
	return countRows(t, r), r.Generation()
}

// A crash while a record is appended leaves a torn record: the file opens
// to the generation before it, and the next save cuts it off and appends
// its own.
func TestTornRecordIsASaveThatNeverFinished(t *testing.T) {
	t.Parallel()
	path, full, counts, log := withRecords(t)
	recs, _, _ := func() ([]record, logState, error) {
		hdr, hlen, _ := checkHeader(full)
		return readLog(full, hdr, hlen)
	}()
	last := recs[len(recs)-1]
	cuts := []int{last.off + 1, last.off + 8, last.off + deltaFixed, last.off + last.headerLen() - 1,
		last.off + last.headerLen() + 100, len(full) - 1}
	for _, cut := range cuts {
		b := bytes.Clone(full[:cut])
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		n, gen := rowsIn(t, path)
		if n != counts[2] || gen != log.gen-1 {
			t.Fatalf("cut at %d: %d rows, generation %d; want %d, %d", cut, n, gen, counts[2], log.gen-1)
		}
	}
	// Grown but never written: the file system shows zeros.
	zeros := append(bytes.Clone(full[:last.off]), make([]byte, int(last.length))...)
	if err := os.WriteFile(path, zeros, 0o600); err != nil {
		t.Fatal(err)
	}
	if n, gen := rowsIn(t, path); n != counts[2] || gen != log.gen-1 {
		t.Fatalf("zeros: %d rows, generation %d", n, gen)
	}
	// The last record's length reached the disk but one of its sectors
	// did not: it reads as zeros, and the record is the last thing in the
	// file.
	holed := bytes.Clone(full)
	at := (last.off + last.headerLen() + 2*sector) &^ (sector - 1)
	clear(holed[at : at+sector])
	if err := os.WriteFile(path, holed, 0o600); err != nil {
		t.Fatal(err)
	}
	if n, gen := rowsIn(t, path); n != counts[2] || gen != log.gen-1 {
		t.Fatalf("a zeroed sector in the last record: %d rows, generation %d", n, gen)
	}
	// The next writer takes over from the generation before the torn one.
	w := openWriter(t, path)
	addTx(t, w, "after-the-crash")
	w.Close()
	b, _, _, after := fileLog(t, path)
	if after.records != 3 || after.gen != log.gen || int64(len(b)) != after.end {
		t.Fatalf("after the next save: %d records, generation %d, %d bytes with the log ending at %d",
			after.records, after.gen, len(b), after.end)
	}
	if n, _ := rowsIn(t, path); n != counts[2]+1 {
		t.Fatalf("after the next save: %d rows, want %d", n, counts[2]+1)
	}
}

// refitRecord recomputes a record's plain checksums after its sealed
// blocks were changed, as someone changing the file on purpose would.
func refitRecord(b []byte, r record) {
	hl := r.headerLen()
	crc := crc32.Checksum(b[r.off+hl:r.off+int(r.length)], castagnoli)
	binary.LittleEndian.PutUint32(b[r.off+hl-deltaTrailer:], crc)
	sum := sha256Sum(b[r.off : r.off+hl-checksumLen])
	copy(b[r.off+hl-checksumLen:], sum[:])
}

// Damage to a record that is not a torn append, and any deliberate change
// to one, is refused like damage to the body.
func TestDamagedOrForgedRecordIsRefused(t *testing.T) {
	t.Parallel()
	path, full, _, _ := withRecords(t)
	hdr, hlen, _ := checkHeader(full)
	recs, _, err := readLog(full, hdr, hlen)
	if err != nil {
		t.Fatal(err)
	}
	first, second, last := recs[0], recs[1], recs[2]

	b := bytes.Clone(full)
	b[first.off+first.headerLen()+10] ^= 1
	expectDamaged(t, path, b, "a bit of the first record's blocks")

	// A flipped bit is no torn append, even at the end of the file.
	for _, at := range []int{last.off + 3, last.off + 9, last.off + deltaPrefix + 1, last.off + last.headerLen() - 1,
		last.off + last.headerLen() + 10, len(full) - 1} {
		b = bytes.Clone(full)
		b[at] ^= 1
		expectDamaged(t, path, b, fmt.Sprintf("a bit of the last record at %d", at-last.off))
	}
	// A sector zeroed in a record that is not the last is damage.
	b = bytes.Clone(full)
	at := (first.off + first.headerLen() + 2*sector) &^ (sector - 1)
	clear(b[at : at+sector])
	expectDamaged(t, path, b, "a sector of the first record zeroed")

	b = bytes.Clone(full)
	b[last.off+last.headerLen()+10] ^= 1
	refitRecord(b, last)
	expectDamaged(t, path, b, "a bit of the last record's blocks, checksums refit")

	b = bytes.Clone(full)
	b[second.off+deltaPrefix] ^= 1 // the generation
	refitRecord(b, second)
	expectDamaged(t, path, b, "the second record's generation, checksums refit")

	// A header field the checksums do not stop: the blocks open only
	// under the salt they were sealed with.
	b = bytes.Clone(full)
	b[last.off+deltaPrefix+16] ^= 1
	refitRecord(b, last)
	expectDamaged(t, path, b, "the last record's salt, checksums refit")

	b = append(bytes.Clone(full[:first.off]), full[second.off:]...)
	expectDamaged(t, path, b, "the first record dropped")

	b = append(bytes.Clone(full[:first.off]), full[second.off:last.off]...)
	b = append(b, full[first.off:second.off]...)
	b = append(b, full[last.off:]...)
	expectDamaged(t, path, b, "two records swapped")

	// A record from another vault's file does not open on this base.
	other, _, _, _ := withRecords(t)
	ob, _, _, _ := fileLog(t, other)
	ohdr, ohlen, _ := checkHeader(ob)
	orecs, _, _ := readLog(ob, ohdr, ohlen)
	b = append(bytes.Clone(full[:first.off]), ob[orecs[0].off:orecs[0].off+int(orecs[0].length)]...)
	expectDamaged(t, path, b, "a record of another vault")

	b = append(bytes.Clone(full), []byte("not a record")...)
	expectDamaged(t, path, b, "text appended after the records")
}

// A process that holds the vault picks up another's delta saves, and a
// writer that loaded before them reloads before it writes.
func TestDeltaSavesReachOtherProcesses(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 2000)
	v.Close()
	a := openWriter(t, path)
	b := openWriter(t, path)
	addTx(t, a, "from-a")
	if a.log.records != 1 {
		t.Fatalf("a's save wrote %d records", a.log.records)
	}
	if ok, err := b.Refresh(t.Context()); err != nil || !ok {
		t.Fatalf("refresh after a delta save: %v %v", ok, err)
	}
	addTx(t, b, "from-b")
	addTx(t, a, "from-a-again")
	if !bytes.Equal(imageOfVault(t, a), func() []byte { img, _ := onDisk(t, path); return img }()) {
		t.Fatal("the file is not what the last writer holds")
	}
	if got, _ := rowsIn(t, path); got != 2003 {
		t.Fatalf("%d rows, want 2003", got)
	}
}

// A key rotation folds the log: the rotated vault is one body, the old
// records go with the old key, and later saves append again.
func TestKeyRotationFoldsTheLog(t *testing.T) {
	t.Parallel()
	path, _, _, _ := withRecords(t)
	w := openWriter(t, path)
	if err := w.Rekey(t.Context(), RekeyOptions{Passphrase: passphrase("correct horse")}); err != nil {
		t.Fatal(err)
	}
	if _, _, _, log := fileLog(t, path); log.records != 0 {
		t.Fatalf("after a key rotation: %d records", log.records)
	}
	// The rotation made vault.penny.prev the rotated file itself; an append
	// would change both, so the next save is a full one.
	addTx(t, w, "after-rekey-1")
	if _, _, _, log := fileLog(t, path); log.records != 0 {
		t.Fatalf("a save while .prev is the vault appended %d records", log.records)
	}
	addTx(t, w, "after-rekey-2")
	if _, _, _, log := fileLog(t, path); log.records != 1 {
		t.Fatalf("the save after: %d records", log.records)
	}
	if got, _ := rowsIn(t, path); got != 3000+3+2 {
		t.Fatalf("%d rows", got)
	}
}

// Small saves append until the log would pass its bound; then one save
// folds it all into a new body, and appending starts again.
func TestTheLogIsFoldedAtItsBound(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 3000)
	v.Close()
	w := openWriter(t, path)
	most, folded := 0, false
	for i := range 300 {
		before := w.log
		addTx(t, w, fmt.Sprintf("bound-%d", i))
		if w.log.records > most {
			most = w.log.records
		}
		if before.records > 10 && w.log.records == 0 {
			folded = true
			if before.bytes+1<<16 < minDeltaLog {
				t.Fatalf("the log was folded at %d bytes, well before its bound", before.bytes)
			}
			break
		}
		if w.log.bytes > max(w.log.base/8, minDeltaLog) {
			t.Fatalf("the log holds %d bytes, past its bound", w.log.bytes)
		}
	}
	if !folded {
		t.Fatalf("300 one-row saves never folded the log (at most %d records)", most)
	}
	img, gen := onDisk(t, path)
	if gen != w.Generation() || !bytes.Equal(img, imageOfVault(t, w)) {
		t.Fatal("after the fold the file is not what the writer holds")
	}
	addTx(t, w, "after-the-fold")
	if w.log.records != 1 {
		t.Fatalf("the save after the fold wrote %d records", w.log.records)
	}
}

// A vault with no older file beside it saves whole, which keeps one:
// damage to the one file must not reach every generation.
func TestNoPreviousFileMeansAFullSave(t *testing.T) {
	t.Parallel()
	path, v := newVault(t, 2000)
	v.Close()
	if err := os.Remove(path + ".prev"); err != nil {
		t.Fatal(err)
	}
	w := openWriter(t, path)
	addTx(t, w, "first")
	if w.log.records != 0 {
		t.Fatalf("with no .prev the save appended %d records", w.log.records)
	}
	if _, err := os.Stat(path + ".prev"); err != nil {
		t.Fatalf("the full save kept no .prev: %v", err)
	}
	addTx(t, w, "second")
	if w.log.records != 1 {
		t.Fatalf("with .prev back, the save wrote %d records", w.log.records)
	}
}
