#pragma once

#include "connectors/connector.hpp"

namespace sb::connectors {

// A connector whose catalog entry is published but whose platform behaviour has not been
// built yet: every action answers connector_not_implemented (501), never a fake success.
class PendingConnector : public Connector {
  public:
    explicit PendingConnector(ConnectorSpec spec) : spec_(std::move(spec)) {}
    const ConnectorSpec& spec() const override { return spec_; }
    ActionOutcome execute_action(const domain::Integration& integration, const ActionSpec& action,
                                 const domain::FieldMap& input,
                                 const ActionContext& context) override;
    void fetch(const FetchRequest& request, RecordSink& sink) override;

  private:
    ConnectorSpec spec_;
};

}  // namespace sb::connectors
