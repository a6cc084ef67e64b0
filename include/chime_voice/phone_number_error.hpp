// SPDX-License-Identifier: BSL-1.0
// chime_voice/phone_number_error.hpp — one per-number failure (shape PhoneNumberError).
//
// Shared by BatchDeletePhoneNumber (hand-written, batch_delete_phone_number.hpp)
// and BatchUpdatePhoneNumber (generated, operations/batch_update_phone_number.hpp).
// Nothing here throws except std::bad_alloc from string copies.
#ifndef CHIME_VOICE_PHONE_NUMBER_ERROR_HPP
#define CHIME_VOICE_PHONE_NUMBER_ERROR_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/error.hpp>

#include <ostream>
#include <string>

namespace chime_voice {

/// One element of PhoneNumberErrors (shape PhoneNumberError). All three
/// members are optional in the model; the `has_*` flags tell an absent (or
/// JSON null) member from an empty string. `phone_number_id` is `@sensitive`:
/// operator<< prints it as `<redacted>`.
struct phone_number_error {
    std::string phone_number_id; ///< sensitive
    std::string error_code_raw;  ///< ErrorCode exactly as sent (kept even when not in the model)
    error_code code = error_code::unknown_value; ///< ErrorCode mapped; unknown_value when absent or new
    std::string error_message;   ///< ErrorMessage as sent
    bool has_phone_number_id = false; ///< PhoneNumberId was present (and not null)
    bool has_error_code = false;      ///< ErrorCode was present (and not null)
    bool has_error_message = false;   ///< ErrorMessage was present (and not null)
    /// Member-wise equality.
    bool operator==(const phone_number_error&) const = default;
};

/// PhoneNumberId (`@sensitive`) prints as `<redacted>`; absent members are omitted.
inline std::ostream& operator<<(std::ostream& os, const phone_number_error& e) {
    os << "phone_number_error{";
    const char* sep = "";
    if (e.has_phone_number_id) { os << "phone_number_id=<redacted>"; sep = ", "; }
    if (e.has_error_code) { os << sep << "error_code=" << e.error_code_raw; sep = ", "; }
    if (e.has_error_message) os << sep << "error_message=\"" << e.error_message << '"';
    return os << '}';
}

} // namespace chime_voice

#endif
