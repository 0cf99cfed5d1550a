"""A Kendali device played by Eclipse Paho (Debian's python3-paho-mqtt 1.5 or newer), for paho-clients.test.ts.

Run as `/usr/bin/python3 paho-device.py '<json>'`, the JSON naming the broker, the device and what to do:

  {"host": "127.0.0.1", "port": 1883, "transport": "tcp" | "websockets", "path": "/mqtt",
   "device": "wl-1", "secret": "...", "scenario": "publish", ...the scenario's own keys}

It prints one JSON object, what Paho reported, on stdout. A wait that runs out ends the run with exit
code 1 and the reason on stderr, so the test fails naming what never came.
"""

import json
import sys
import threading

import paho.mqtt.client as mqtt

PROTOCOLS = {"3.1": mqtt.MQTTv31, "3.1.1": mqtt.MQTTv311, "5": mqtt.MQTTv5}

# Longer than any answer takes on a busy two-core machine; the test's own time-out is longer still.
WAIT_S = 30


def number(code):
    """A return code as a plain number, whether Paho gave an int or an MQTT 5 reason code."""
    return code if isinstance(code, int) else code.value


class Device:
    """One MQTT connection (3.1.1 unless `protocol` says otherwise) whose callbacks (on Paho's network thread) record what the broker said."""

    def __init__(self, spec):
        self.spec = spec
        self.changed = threading.Condition()
        self.connacks = []  # CONNACK return codes, in order
        self.acknowledged = []  # mids whose PUBACK (QoS 1) or PUBCOMP (QoS 2) came, in order
        self.granted = {}  # mid of a SUBSCRIBE -> the QoS its SUBACK granted per filter
        self.messages = []  # (topic, payload text) received
        self.disconnects = []  # on_disconnect return codes: 0 when we asked, else why it was lost
        # Paho 2 asks which callback signatures to use; the first ones are 1.x's, used below.
        versioned = {"callback_api_version": mqtt.CallbackAPIVersion.VERSION1} if hasattr(mqtt, "CallbackAPIVersion") else {}
        protocol = PROTOCOLS[spec.get("protocol", "3.1.1")]
        # MQTT 5 has a clean start in the CONNECT instead, and Paho refuses the 3.1.1 setting for it.
        session = {} if protocol == mqtt.MQTTv5 else {"clean_session": True}
        # Never reconnect on its own: a connection the broker closes must stay closed to be seen.
        client = mqtt.Client(client_id=spec["device"], protocol=protocol, transport=spec.get("transport", "tcp"), reconnect_on_failure=False, **session, **versioned)
        if spec.get("transport") == "websockets":
            client.ws_set_options(path=spec.get("path", "/mqtt"))
        client.username_pw_set(spec["device"], spec["secret"])
        # Under MQTT 5 Paho passes properties too, and reason codes as objects: their numbers are kept.
        client.on_connect = lambda _c, _u, _flags, rc, *_v5: self._record(self.connacks.append, number(rc))
        client.on_publish = lambda _c, _u, mid: self._record(self.acknowledged.append, mid)
        client.on_subscribe = lambda _c, _u, mid, granted, *_v5: self._record(self.granted.__setitem__, mid, [number(qos) for qos in granted])
        client.on_message = lambda _c, _u, msg: self._record(self.messages.append, (msg.topic, msg.payload.decode()))
        client.on_disconnect = lambda _c, _u, rc, *_v5: self._record(self.disconnects.append, number(rc))
        self.client = client

    def _record(self, change, *args):
        with self.changed:
            change(*args)
            self.changed.notify_all()

    def wait(self, what, ready):
        """The first value `ready()` gives other than None, waiting for the callbacks; exits if none comes."""
        # Condition.wait_for takes a falsy value (a return code 0) for "not yet", hence the test on None.
        with self.changed:
            if not self.changed.wait_for(lambda: ready() is not None, timeout=WAIT_S):
                sys.exit(f"paho-device: no {what} within {WAIT_S} s")
            return ready()

    def connect(self):
        """Connects and returns the CONNACK's return code (0 = accepted)."""
        self.client.connect(self.spec["host"], self.spec["port"], keepalive=30)
        self.client.loop_start()
        return self.wait("CONNACK", lambda: self.connacks[0] if self.connacks else None)

    def topic(self, channel):
        return f"kendali/v1/devices/{self.spec['device']}/{channel}"

    def publish(self, topic, payload, qos):
        """Publishes and waits for Paho's on_publish: the PUBACK (QoS 1) or PUBCOMP (QoS 2)."""
        mid = self.client.publish(topic, payload, qos=qos).mid
        return self.wait(f"acknowledgement of message {mid} on {topic}", lambda: mid if mid in self.acknowledged else None)

    def subscribe(self, topic):
        """Subscribes at QoS 1 and returns what the SUBACK granted."""
        _, mid = self.client.subscribe(topic, qos=1)
        return self.wait(f"SUBACK for {topic}", lambda: self.granted.get(mid))

    def next_message(self, topic, seen=0):
        """The payload of the first message on `topic` after the `seen` ones already taken."""
        return self.wait(f"message on {topic}", lambda: ([p for t, p in self.messages if t == topic][seen:] or [None])[0])

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


def publish(device, spec):
    """Publishes `messages` in turn, each once its predecessor is acknowledged."""
    connack = device.connect()
    if connack != 0:
        return {"connack": connack}
    for message in spec["messages"]:
        device.publish(message["topic"], message["payload"], message["qos"])
    return {"connack": connack, "acknowledged": list(device.acknowledged), "disconnects": list(device.disconnects)}


def hear_errors(device, spec):
    """Listens on its errors topic, sends `bad`, waits for the notice, then sends `good` on the same connection."""
    device.connect()
    errors = device.topic("errors")
    granted = device.subscribe(errors)
    device.publish(device.topic("telemetry"), spec["bad"], 1)
    notice = json.loads(device.next_message(errors))
    device.publish(device.topic("telemetry"), spec["good"], 1)
    return {"granted": granted, "notice": notice, "acknowledged": list(device.acknowledged), "connacks": list(device.connacks), "disconnects": list(device.disconnects)}


def answer_command(device, spec):
    """Follows its commands topic, answers the first command that comes with `ok` and a detail naming its params."""
    device.connect()
    granted = device.subscribe(device.topic("commands"))
    command = json.loads(device.next_message(device.topic("commands")))
    detail = f"{command['name']} {json.dumps(command['params'], sort_keys=True)}"
    device.publish(device.topic("commands/result"), json.dumps({"id": command["id"], "ok": True, "detail": detail}), 1)
    return {"granted": granted, "command": command, "detail": detail, "disconnects": list(device.disconnects)}


def trespass(device, spec):
    """Publishes at QoS 1 on `topic` (another device's) and waits for what the broker does instead of a PUBACK."""
    device.connect()
    device.client.publish(spec["topic"], spec["payload"], qos=1)
    lost = device.wait("disconnect", lambda: device.disconnects[0] if device.disconnects else None)
    return {"acknowledged": list(device.acknowledged), "disconnect": lost, "reason": mqtt.error_string(lost)}


SCENARIOS = {"publish": publish, "hear-errors": hear_errors, "answer-command": answer_command, "trespass": trespass}

if __name__ == "__main__":
    spec = json.loads(sys.argv[1])
    device = Device(spec)
    result = SCENARIOS[spec["scenario"]](device, spec)
    device.close()
    print(json.dumps(result))
