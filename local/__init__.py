"""The embedded local system behind ``make run``: moto server, ``chalice local``, the web app.

Same code path as production: the API verifies Cognito (moto) ID tokens against a JWKS URL,
talks DynamoDB/SES/SQS/S3 APIs (moto), and the web app signs in against the user pool.
Nothing here is shipped to Lambda (``chalice package`` ships only app.py and chalicelib/).
"""
