"""The c_env agent protocol: the commands every agent accepts and the reports it publishes.

Agents' command queues are made per environment at provisioning, so they are not subscriptions here.
"""

from cenv_agent.contract import messages
from cenv_agent.contract.alerts import ALERT_PROTOCOL
from cenv_agent.contract.schedules import SCHEDULE_PROTOCOL
from common.contract import Contract

PROTOCOL = (
    messages.StartEnvironment,
    messages.StopEnvironment,
    messages.RestartEnvironment,
    messages.UpdateEnvironment,
    messages.UpgradeEnvironment,
    messages.ShutdownAgent,
    messages.ConfigureInput,
    messages.RemoveInput,
    messages.ConfigureOutput,
    messages.RemoveOutput,
    messages.AgentProvisioned,
    messages.AgentStateReported,
    messages.AgentHeartbeat,
    messages.CommandAcknowledged,
    messages.CommandCompleted,
    messages.CommandFailed,
    messages.InputConfigured,
    messages.InputRemoved,
    messages.OutputConfigured,
    messages.OutputRemoved,
    messages.InputsReported,
    messages.QueryStatistics,
    messages.ResetStatistics,
    messages.StatisticsReported,
    messages.InputStoppedOverBitrate,
    messages.InputRunningHot,
    *SCHEDULE_PROTOCOL,
    *ALERT_PROTOCOL,
)

CONTRACT = Contract(service="cenv_agent", messages=PROTOCOL)
