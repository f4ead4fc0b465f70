package audit_test

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

// TestMain runs the tests on the store GATEHOUSE_TEST_STORE selects.
func TestMain(m *testing.M) { testenv.Main(m) }
