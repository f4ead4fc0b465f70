package api

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestFastDecodeBatch(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		fast     bool
	}{
		{"typical", `{"user":"u1","tenant":"t1","checks":[{"operation":"view","object_type":"APPLICATION","object_id":"a1"},{"operation":"start","object_type":"APPLICATION"}]}`, true},
		{"spaces and nulls", " {\n\"checks\" : [ { \"operation\" : \"view\" , \"object_type\":\"X\", \"object_id\": null } ] , \"user\":null }\t", true},
		{"empty checks", `{"checks":[]}`, true},
		{"empty object", `{}`, true},
		{"escape falls back", `{"checks":[{"operation":"v\u0069ew","object_type":"X"}]}`, false},
		{"non-ASCII falls back", `{"user":"élodie","checks":[]}`, false},
		{"other case falls back", `{"Checks":[]}`, false},
		{"unknown field", `{"checks":[],"extra":1}`, false},
		{"repeated key", `{"user":"a","user":"b"}`, false},
		{"number", `{"user":5}`, false},
		{"trailing data", `{"checks":[]} {}`, false},
		{"truncated", `{"checks":[{"operation":"view"`, false},
		{"trailing comma", `{"checks":[{"operation":"view"},]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got BatchCheckRequest
			if ok := fastDecodeBatch([]byte(tc.in), &got); ok != tc.fast {
				t.Fatalf("fastDecodeBatch ok = %v, want %v", ok, tc.fast)
			}
			if tc.fast {
				var want BatchCheckRequest
				if err := strictUnmarshal([]byte(tc.in), &want); err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("fast %+v, encoding/json %+v, %v", got, want, err)
				}
			}
		})
	}
}

// FuzzFastDecodeBatch holds the fast decoder to encoding/json: whatever it
// accepts, the strict decoder accepts and reads the same way.
func FuzzFastDecodeBatch(f *testing.F) {
	f.Add(`{"user":"u1","tenant":"t1","checks":[{"operation":"view","object_type":"APPLICATION","object_id":"a1"}]}`)
	f.Add(`{"checks":[{"operation":"start","object_type":"APPLICATION"},{"object_id":null}]}`)
	f.Add(`{"checks":null,"user":"x"}`)
	f.Fuzz(func(t *testing.T, in string) {
		var fast BatchCheckRequest
		if !fastDecodeBatch([]byte(in), &fast) {
			return
		}
		var strict BatchCheckRequest
		if err := strictUnmarshal([]byte(in), &strict); err != nil {
			t.Fatalf("fast decoder accepted %q, encoding/json refused it: %v", in, err)
		}
		if !reflect.DeepEqual(fast, strict) {
			t.Fatalf("%q: fast %+v, encoding/json %+v", in, fast, strict)
		}
	})
}

func BenchmarkDecodeBatch1000(b *testing.B) {
	req := BatchCheckRequest{User: "u1", Tenant: "t1"}
	for i := range 1000 {
		req.Checks = append(req.Checks, CheckItem{Operation: []string{"view", "start", "stop"}[i%3], ObjectType: "APPLICATION", ObjectID: "app-" + string(rune('a'+i%26))})
	}
	data, _ := json.Marshal(req)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			var r BatchCheckRequest
			if !fastDecodeBatch(data, &r) {
				b.Fatal("fast decoder refused")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			var r BatchCheckRequest
			if err := strictUnmarshal(data, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
