package store

import (
	"strconv"
	"strings"

	"penny/category"
)

// classExpr is category.Classify written in SQL over the row alias t: it
// yields the category.Class of a row, so that aggregates select spending,
// refunds, income or exclusions exactly as the rest of Penny defines them.
// A test checks the two agree on every category and sign.
var classExpr = func() string {
	quote := func(names []string) string {
		q := make([]string, len(names))
		for i, n := range names {
			q[i] = "'" + strings.ReplaceAll(n, "'", "''") + "'"
		}
		return strings.Join(q, ",")
	}
	c := func(k category.Class) string { return strconv.Itoa(int(k)) }
	return "(CASE WHEN t.category IN (" + quote(category.ExcludedNames()) + ") THEN " + c(category.Excluded) +
		" WHEN t.category IN (" + quote(category.IncomeNames()) + ") THEN " + c(category.In) +
		" WHEN t.category IN (" + quote(category.SignedNames()) + ") THEN (CASE WHEN t.amount_minor < 0 THEN " + c(category.Spend) + " ELSE " + c(category.In) + " END)" +
		" WHEN t.amount_minor < 0 THEN " + c(category.Spend) +
		" ELSE " + c(category.Refund) + " END)"
}()

// classes adds a condition keeping rows of the given classes.
func (f *filter) classes(cs []category.Class) {
	if len(cs) == 0 {
		return
	}
	args := make([]any, len(cs))
	for i, c := range cs {
		args[i] = int(c)
	}
	f.add(classExpr+" IN ("+placeholders(len(cs))+")", args...)
}
