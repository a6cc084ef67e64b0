// SPDX-License-Identifier: BSL-1.0
// Tests for retry/classification.hpp: the standard rules (error-code lists
// of the AWS SDK reference guide / botocore ThrottledRetryableChecker and
// TransientRetryableChecker / @smithy/service-error-classification), the
// legacy rules (botocore/data/_retry.json `__default__`), and the clock-skew
// verdict. Expected values come from those published lists, not from this code.
#include <chime_voice/retry/classification.hpp>

#define BOOST_TEST_MODULE retry_classification
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "retry_test_util.hpp"

#include <iterator>
#include <string>
#include <string_view>
#include <utility>

namespace cv = chime_voice;
using retry_test::service_error;
using retry_test::status_only;

// ------------------------------------------------------- standard rules

BOOST_AUTO_TEST_CASE(every_throttling_code_is_throttling) {
    // SDK reference guide / botocore / smithy list, plus this service's 429.
    const char* codes[] = {"ThrottledClientException",
                           "Throttling",
                           "ThrottlingException",
                           "ThrottledException",
                           "RequestThrottledException",
                           "TooManyRequestsException",
                           "ProvisionedThroughputExceededException",
                           "TransactionInProgressException",
                           "RequestLimitExceeded",
                           "BandwidthLimitExceeded",
                           "LimitExceededException",
                           "RequestThrottled",
                           "SlowDown",
                           "PriorRequestNotComplete",
                           "EC2ThrottledException"};
    BOOST_TEST(std::size(codes) == 15u);
    for (const char* c : codes) {
        // The type decides, whatever the status.
        BOOST_TEST((cv::classify(service_error(c, 400)) == cv::retry_class::throttling), c);
        BOOST_TEST(cv::is_throttling_error_code(c), c);
    }
    // Case-sensitive, exact names.
    BOOST_TEST((cv::classify(service_error("throttling", 400)) == cv::retry_class::not_retryable));
    BOOST_TEST((cv::classify(service_error("ThrottlingExceptionX", 400)) == cv::retry_class::not_retryable));
}

BOOST_AUTO_TEST_CASE(modelled_throttled_client_exception_by_kind) {
    auto e = service_error("", 429, cv::service_error_kind::throttled_client_exception);
    BOOST_TEST((cv::classify(e) == cv::retry_class::throttling));
    e.metadata.http_status = 400; // kind decides even with an odd status
    BOOST_TEST((cv::classify(e) == cv::retry_class::throttling));
}

BOOST_AUTO_TEST_CASE(every_transient_code_is_transient) {
    BOOST_TEST((cv::classify(service_error("RequestTimeout", 400)) == cv::retry_class::transient));
    BOOST_TEST((cv::classify(service_error("RequestTimeoutException", 408)) == cv::retry_class::transient));
    BOOST_TEST((cv::classify(service_error("ServiceFailureException", 500,
                                           cv::service_error_kind::service_failure_exception)) ==
                cv::retry_class::transient));
    BOOST_TEST((cv::classify(service_error("ServiceUnavailableException", 503,
                                           cv::service_error_kind::service_unavailable_exception)) ==
                cv::retry_class::transient));
    // By kind alone (no cleaned type), and by type alone with another status.
    BOOST_TEST((cv::classify(service_error("", 0, cv::service_error_kind::service_failure_exception)) ==
                cv::retry_class::transient));
    BOOST_TEST((cv::classify(service_error("ServiceUnavailableException", 400)) == cv::retry_class::transient));
}

BOOST_AUTO_TEST_CASE(statuses) {
    BOOST_TEST((cv::classify(status_only(429)) == cv::retry_class::throttling));
    for (int s : {500, 502, 503, 504})
        BOOST_TEST((cv::classify(status_only(s)) == cv::retry_class::transient), s);
    for (int s : {0, 200, 301, 400, 401, 403, 404, 405, 408, 409, 413, 422, 501, 505, 599})
        BOOST_TEST((cv::classify(status_only(s)) == cv::retry_class::not_retryable), s);
}

BOOST_AUTO_TEST_CASE(other_modelled_client_errors_are_not_retryable) {
    using k = cv::service_error_kind;
    const std::pair<k, int> cases[] = {{k::bad_request_exception, 400},
                                       {k::unauthorized_client_exception, 401},
                                       {k::forbidden_exception, 403},
                                       {k::not_found_exception, 404}};
    for (auto [kind, status] : cases) {
        BOOST_TEST((cv::classify(service_error(std::string(cv::to_string(kind)), status, kind)) ==
                    cv::retry_class::not_retryable), status);
        BOOST_TEST((cv::classify(service_error("", status, kind)) == cv::retry_class::not_retryable), status);
    }
    BOOST_TEST((cv::classify(service_error("AccessDeniedException", 403)) == cv::retry_class::not_retryable));
    BOOST_TEST((cv::classify(service_error("ValidationException", 400)) == cv::retry_class::not_retryable));
}

BOOST_AUTO_TEST_CASE(request_side_errors_are_not_retryable) {
    for (auto c : {cv::error_category::validation, cv::error_category::endpoint,
                   cv::error_category::credentials, cv::error_category::signing}) {
        auto e = cv::error::make(c, "bad input");
        BOOST_TEST((cv::classify(e) == cv::retry_class::not_retryable));
        e.metadata.http_status = 503; // even if something set a status
        e.type = "ThrottlingException";
        BOOST_TEST((cv::classify(e) == cv::retry_class::not_retryable));
    }
}

BOOST_AUTO_TEST_CASE(malformed_responses) {
    cv::error e;
    e.category = cv::error_category::malformed_response;
    e.metadata.http_status = 200;
    BOOST_TEST((cv::classify(e) == cv::retry_class::not_retryable)); // documented default
    cv::classify_settings s;
    s.retry_malformed_success = true;
    BOOST_TEST((cv::classify(e, s) == cv::retry_class::transient));
    e.metadata.http_status = 503; // a proxy's HTML error page: the status decides
    BOOST_TEST((cv::classify(e) == cv::retry_class::transient));
    e.metadata.http_status = 429;
    BOOST_TEST((cv::classify(e) == cv::retry_class::throttling));
    e.metadata.http_status = 400;
    BOOST_TEST((cv::classify(e, s) == cv::retry_class::not_retryable));
}

BOOST_AUTO_TEST_CASE(clock_skew_needs_the_verdict) {
    // Without a skewed verdict (no trusted Date, or a small skew) the skew
    // codes are ordinary 400/403 client errors: not retryable. With it they
    // are retried as clock_skew, under both rule sets.
    for (const char* c : {"RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture",
                          "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure"}) {
        const auto e = service_error(c, 403);
        BOOST_TEST((cv::classify(e) == cv::retry_class::not_retryable), c);
        BOOST_TEST((cv::classify(e, cv::signing_clock::not_at_fault) == cv::retry_class::not_retryable), c);
        BOOST_TEST((cv::classify(e, cv::signing_clock::skewed) == cv::retry_class::clock_skew), c);
        cv::classify_settings legacy;
        legacy.rules = cv::retry_rules::legacy;
        BOOST_TEST((cv::classify(e, cv::signing_clock::skewed, legacy) == cv::retry_class::clock_skew), c);
    }
    // A request-side error is never clock skew, whatever the verdict.
    BOOST_TEST((cv::classify(cv::error::make(cv::error_category::signing, "x"), cv::signing_clock::skewed) ==
                cv::retry_class::not_retryable));
}

BOOST_AUTO_TEST_CASE(every_transport_failure_is_transient) {
    using f = cv::transport_failure;
    for (auto t : {f::connection_reset, f::connection_refused, f::timeout, f::dns, f::tls, f::other})
        BOOST_TEST((cv::classify(t) == cv::retry_class::transient), cv::to_string(t));
}

// --------------------------------------------------------- legacy rules

BOOST_AUTO_TEST_CASE(legacy_rules_are_botocore_retry_json_default) {
    cv::classify_settings s;
    s.rules = cv::retry_rules::legacy;
    // general_server_error 500, service_unavailable 503, limit_exceeded 509.
    for (int st : {500, 503, 509})
        BOOST_TEST((cv::classify(status_only(st), s) == cv::retry_class::transient), st);
    // too_many_requests: any 429, whatever the code.
    BOOST_TEST((cv::classify(status_only(429), s) == cv::retry_class::throttling));
    BOOST_TEST((cv::classify(service_error("ThrottledClientException", 429,
                                           cv::service_error_kind::throttled_client_exception), s) ==
                cv::retry_class::throttling));
    // throttling / throttling_exception: the code together with HTTP 400 only.
    BOOST_TEST((cv::classify(service_error("Throttling", 400), s) == cv::retry_class::throttling));
    BOOST_TEST((cv::classify(service_error("ThrottlingException", 400), s) == cv::retry_class::throttling));
    BOOST_TEST((cv::classify(service_error("ThrottlingException", 403), s) == cv::retry_class::not_retryable));
    // Not in the legacy table, retried by standard mode: 502, 504, other
    // throttling codes, RequestTimeout, a modelled 5xx type with another status.
    for (int st : {502, 504})
        BOOST_TEST((cv::classify(status_only(st), s) == cv::retry_class::not_retryable), st);
    for (const char* c : {"SlowDown", "TooManyRequestsException", "RequestTimeout", "RequestLimitExceeded"}) {
        BOOST_TEST((cv::classify(service_error(c, 400), s) == cv::retry_class::not_retryable), c);
        BOOST_TEST((cv::classify(service_error(c, 400)) != cv::retry_class::not_retryable), c);
    }
    // The service's own faults arrive as 500 / 503: retried.
    BOOST_TEST((cv::classify(service_error("ServiceFailureException", 500,
                                           cv::service_error_kind::service_failure_exception), s) ==
                cv::retry_class::transient));
    BOOST_TEST((cv::classify(service_error("ServiceUnavailableException", 503,
                                           cv::service_error_kind::service_unavailable_exception), s) ==
                cv::retry_class::transient));
    // Client errors and request-side errors are not.
    for (int st : {400, 401, 403, 404})
        BOOST_TEST((cv::classify(status_only(st), s) == cv::retry_class::not_retryable), st);
    BOOST_TEST((cv::classify(cv::error::make(cv::error_category::validation, "x"), s) ==
                cv::retry_class::not_retryable));
    // GENERAL_CONNECTION_ERROR: every transport failure.
    BOOST_TEST((cv::classify(cv::transport_failure::dns) == cv::retry_class::transient));
}

BOOST_AUTO_TEST_CASE(names) {
    BOOST_TEST(cv::to_string(cv::retry_class::clock_skew) == "clock_skew");
    BOOST_TEST(cv::to_string(cv::transport_failure::tls) == "tls");
    BOOST_TEST(cv::to_string(cv::retry_rules::legacy) == "legacy");
    BOOST_TEST(cv::to_string(cv::retry_rules::standard) == "standard");
}
