"""The built-in follow-up texts: a subject and a body for every step of every built-in cadence.

Each is a Jinja2 template named after its step (``event-warm/2``; the nurture
check-in is ``nurture``). What a template may say is the contact's context and
this touch's value-check answers (``templates.FIELDS``); an answer not given is
empty, so the texts ask ``{% if value %}`` before they use one.
"""

SIGN_OFF = "\n\nBest,{% if sender %}\n{{ sender }}{% endif %}\n"

DEFAULTS: dict[str, tuple[str, str]] = {
    "event-warm/1": (
        "Great meeting you{% if event %} at {{ event }}{% endif %}",
        "Hi {{ first_name }},\n\n"
        "thanks for the conversation{% if event %} at {{ event }}{% endif %}"
        "{% if discussed %} about {{ discussed }}{% endif %}."
        "{% if promised %} As promised: {{ promised }}.{% endif %}"
        "{% if problem %}\n\nYou mentioned {{ problem }}; I think we can help with that.{% endif %}"
        "\n\nWould a 30-minute call next week work for you?" + SIGN_OFF,
    ),
    "event-warm/2": (
        "Something new for {{ company or 'you' }}",
        "Hi {{ first_name }},\n\n"
        "{% if value %}{{ value }}{% else %}I came across something relevant to you.{% endif %}"
        "{% if stakes %}\n\nLeft as it is, {{ stakes }}.{% endif %}"
        "\n\nWorth 20 minutes to go through it?" + SIGN_OFF,
    ),
    "event-warm/3": (
        "Tried to reach you",
        "Hi {{ first_name }},\n\n"
        "I tried to call you today{% if value %} about {{ value }}{% endif %}. "
        "When is a good time for a short call?" + SIGN_OFF,
    ),
    "event-warm/4": (
        "{{ company or 'Your team' }}",
        "Hi {{ first_name }}, {% if value %}{{ value }}{% else %}thought of you{% endif %}. "
        "Happy to share more whenever useful.",
    ),
    "event-warm/5": (
        "A different angle{% if company %} for {{ company }}{% endif %}",
        "Hi {{ first_name }},\n\n"
        "{% if value %}{{ value }}{% endif %}"
        "{% if risk %}\n\nTo make it easy to try: {{ risk }}.{% endif %}"
        "\n\nWould that be worth a look?" + SIGN_OFF,
    ),
    "event-warm/6": (
        "Am I talking to the right person?",
        "Hi {{ first_name }},\n\n"
        "{% if decider %}You mentioned: {{ decider }}. {% endif %}"
        "Is there someone else at {{ company or 'your company' }} I should speak with"
        "{% if problem %} about {{ problem }}{% endif %}?" + SIGN_OFF,
    ),
    "event-warm/7": (
        "Closing the loop",
        "Hi {{ first_name }},\n\n"
        "I have not heard back, so I will stop following up for now. If "
        "{% if problem %}{{ problem }}{% else %}this{% endif %} comes back on your desk, "
        "I am a message away." + SIGN_OFF,
    ),
    "new-angle/1": (
        "{% if value %}{{ value }}{% else %}A new idea for {{ company or 'you' }}{% endif %}",
        "Hi {{ first_name }},\n\n"
        "{% if value %}{{ value }}{% endif %}"
        "{% if learned %}\n\nSince we spoke: {{ learned }}.{% endif %}"
        "\n\nWould this be useful for you?" + SIGN_OFF,
    ),
    "new-angle/2": (
        "Something useful",
        "Hi {{ first_name }}, sharing this in case it helps: {% if value %}{{ value }}{% endif %}",
    ),
    "new-angle/3": (
        "Who else cares about this?",
        "Hi {{ first_name }},\n\n"
        "I tried to call you{% if value %} about {{ value }}{% endif %}. "
        "Who else at {{ company or 'your company' }} works on this?" + SIGN_OFF,
    ),
    "new-angle/4": (
        "Staying in touch",
        "Hi {{ first_name }},\n\n"
        "I will leave it here for now. Happy to stay in touch and share what we learn." + SIGN_OFF,
    ),
    "engaged/1": (
        "Re: our conversation",
        "Hi {{ first_name }},\n\n"
        "thanks for getting back to me. Would one of these work for a call: "
        "[two times]?{% if value %}\n\n{{ value }}{% endif %}" + SIGN_OFF,
    ),
    "engaged/2": (
        "Two new times",
        "Hi {{ first_name }},\n\n"
        "I know things get busy. Two new options: [two times]. "
        "{% if value %}{{ value }}{% else %}I think it is worth 20 minutes.{% endif %}" + SIGN_OFF,
    ),
    "engaged/3": (
        "Finding a time",
        "Hi {{ first_name }},\n\n"
        "I tried to call to find a time. What suits you best this week?" + SIGN_OFF,
    ),
    "engaged/4": (
        "Closing the loop on a meeting",
        "Hi {{ first_name }},\n\n"
        "I will stop chasing the meeting for now; the door stays open whenever the timing "
        "is better." + SIGN_OFF,
    ),
    "after-meeting/1": (
        "Recap and next step",
        "Hi {{ first_name }},\n\n"
        "thanks for your time today."
        "{% if problem %} We talked about {{ problem }}.{% endif %}"
        "{% if promised %} As agreed: {{ promised }}.{% endif %}"
        "\n\nNext step: [the agreed step and its date]." + SIGN_OFF,
    ),
    "after-meeting/2": (
        "What is still open?",
        "Hi {{ first_name }},\n\n"
        "{% if value %}{{ value }}\n\n{% endif %}"
        "What is still open on your side before a decision?" + SIGN_OFF,
    ),
    "after-meeting/3": (
        "The decision",
        "Hi {{ first_name }},\n\n"
        "I tried to call about the decision{% if decider %} ({{ decider }}){% endif %}. "
        "Is there anything I can prepare for it?" + SIGN_OFF,
    ),
    "after-meeting/4": (
        "Yes or no?",
        "Hi {{ first_name }},\n\n"
        "a yes or a no would help me plan; either is fine. If now is not the time, "
        "the door stays open." + SIGN_OFF,
    ),
    "nurture": (
        "{% if value %}{{ value }}{% else %}Thought you would find this useful{% endif %}",
        "Hi {{ first_name }},\n\n"
        "{% if value %}{{ value }}"
        "{% else %}something I came across that made me think of you.{% endif %}"
        "\n\nNo need to reply; hope all is well at {{ company or 'your end' }}." + SIGN_OFF,
    ),
}
