#include "connectors/pending_connector.hpp"

#include "core/error.hpp"

namespace sb::connectors {

ActionOutcome PendingConnector::execute_action(const domain::Integration&, const ActionSpec& action,
                                               const domain::FieldMap&, const ActionContext&) {
    throw ApiError(
        Errc::connector_not_implemented,
        "The " + spec_.name + " connector cannot run '" + action.id + "' yet",
        "This connector's platform calls are not implemented in this version of Storebridge.");
}

void PendingConnector::fetch(const FetchRequest& request, RecordSink&) {
    throw ApiError(
        Errc::connector_not_implemented,
        "The " + spec_.name + " connector cannot sync " +
            std::string(domain::data_type_name(request.type)) + " yet",
        "This connector's platform calls are not implemented in this version of Storebridge.");
}

}  // namespace sb::connectors
