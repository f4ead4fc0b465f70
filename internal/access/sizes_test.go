package access_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func TestObjectSizes(t *testing.T) {
	e := newEnv(t)
	a := e.admin()
	e.must(e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "APPLICATION", ID: "vm1", Tenant: "t1", Owner: "u1",
		Zone: "us-east-1", Memory: 1024, Disk: 20, Image: "base-64@21.4.0", OS: "smartos"}))
	u1 := e.login("u1", "t1")
	e.must(e.acc.ResizeObject(e.ctx, u1, access.ResizeInput{Type: "APPLICATION", ID: "vm1", Memory: ptr[int64](2048)}))
	objs, err := e.acc.ListObjects(e.ctx, u1, access.ObjectFilter{Type: "APPLICATION"})
	if err != nil || len(objs) != 1 {
		t.Fatalf("objects = %+v, %v", objs, err)
	}
	o := objs[0]
	if o.Zone != "us-east-1" || o.Memory != 2048 || o.Disk != 20 || o.Image != "base-64@21.4.0" || o.OS != "smartos" {
		t.Fatalf("object after resize = %+v", o)
	}

	u3 := e.login("u3", "t2")
	tests := []struct {
		name  string
		do    func() (string, error)
		kind  error
		field string
	}{
		{"zone with a space", func() (string, error) {
			return e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "APPLICATION", ID: "x", Tenant: "t1", Owner: "u1", Zone: "us east"})
		}, gatehouse.ErrInvalid, "zone"},
		{"zone beginning with a dot", func() (string, error) {
			return e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "APPLICATION", ID: "x", Tenant: "t1", Owner: "u1", Zone: ".z"})
		}, gatehouse.ErrInvalid, "zone"},
		{"negative memory", func() (string, error) {
			return e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "APPLICATION", ID: "x", Tenant: "t1", Owner: "u1", Memory: -1})
		}, gatehouse.ErrInvalid, "memory"},
		{"huge disk", func() (string, error) {
			return e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "APPLICATION", ID: "x", Tenant: "t1", Owner: "u1", Disk: 1<<40 + 1})
		}, gatehouse.ErrInvalid, "disk"},
		{"image with a quote", func() (string, error) {
			return e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "APPLICATION", ID: "x", Tenant: "t1", Owner: "u1", Image: `a"b`})
		}, gatehouse.ErrInvalid, "image"},
		{"resize to nothing", func() (string, error) {
			return e.acc.ResizeObject(e.ctx, a, access.ResizeInput{Type: "APPLICATION", ID: "vm1"})
		}, gatehouse.ErrInvalid, "memory"},
		{"resize below zero", func() (string, error) {
			return e.acc.ResizeObject(e.ctx, a, access.ResizeInput{Type: "APPLICATION", ID: "vm1", Disk: ptr[int64](-5)})
		}, gatehouse.ErrInvalid, "disk"},
		{"resize another tenant's object", func() (string, error) {
			return e.acc.ResizeObject(e.ctx, u3, access.ResizeInput{Type: "APPLICATION", ID: "vm1", Memory: ptr[int64](1)})
		}, gatehouse.ErrNotFound, ""},
		{"resize a missing object", func() (string, error) {
			return e.acc.ResizeObject(e.ctx, a, access.ResizeInput{Type: "APPLICATION", ID: "ghost", Memory: ptr[int64](1)})
		}, gatehouse.ErrNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.state()
			_, err := tt.do()
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			var fe *gatehouse.FieldError
			if tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field) {
				t.Fatalf("err = %v, want a field error on %s", err, tt.field)
			}
			if !reflect.DeepEqual(before, e.state()) {
				t.Fatal("a refused change changed the store")
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
