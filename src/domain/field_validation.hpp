#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/fields.hpp"

namespace sb::domain {

// Checks `input` against `specs`: unknown names, wrong types, missing required fields and
// values outside `allowed`. Integers are accepted where numbers are expected. Field names in
// the errors are prefixed ("settings.api_version"). With `partial`, required fields may be
// absent (a change to some fields only). Fills defaults when `apply_defaults`.
std::vector<FieldError> validate_fields(const std::vector<FieldSpec>& specs, FieldMap& input,
                                        const std::string& prefix, bool partial,
                                        bool apply_defaults);

// Throws ApiError(validation_failed) listing every error, when there is any.
void throw_if_invalid(const std::vector<FieldError>& errors,
                      const std::string& message = "Invalid input");

// Stored values (credentials, settings) over today's bounds, which an older version let
// through: appends a field error for each string longer than its spec's max_length (a name
// no spec knows: k_max_field_length). Says the lengths, never the value.
void find_oversized(const std::vector<FieldSpec>& specs, const FieldMap& stored,
                    const std::string& prefix, std::vector<FieldError>& out);

// Throws ApiError(stored_value_invalid) naming them, when there is any: every call that
// would send them fails with that code until they are set again.
void throw_if_stored_invalid(const std::vector<FieldError>& errors);

}  // namespace sb::domain
