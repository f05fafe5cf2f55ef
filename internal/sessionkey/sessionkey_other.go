//go:build !linux

package sessionkey

import "time"

func available() error                         { return ErrUnavailable }
func keep(string, []byte, time.Duration) error { return ErrUnavailable }
func get(string) ([]byte, error)               { return nil, ErrUnavailable }
func forget(string) (bool, error)              { return false, ErrUnavailable }
