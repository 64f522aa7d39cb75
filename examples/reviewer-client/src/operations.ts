import { graphql } from './gql';

/** My open tasks, by due date (cursor paging). */
export const MyTasks = graphql(`
  query ReviewerMyTasks($first: Int!, $after: String) {
    myTasks(first: $first, after: $after, filter: { status: OPEN }) {
      totalCount
      openCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          formId
          campaignId
          unitId
          formType
          ownerName
          step
          role
          why
          status
          dueAt
          escalated
          formVersion
          returnOpinion
        }
      }
    }
  }
`);

/** One form, as a reviewer reads it. */
export const RiskForm = graphql(`
  query ReviewerRiskForm($id: ID!) {
    riskForm(id: $id) {
      id
      formType
      status
      version
      title
      name
      position
      departmentName
      postDuties
      controlMeasures
      postGrade
      riskPoints {
        ordinal
        description
        categoryLabel
        levelLabel
        controlMeasures
      }
    }
  }
`);

export const Decide = graphql(`
  mutation ReviewerDecide($input: DecideInput!) {
    decideReviewTask(input: $input) {
      status
      currentStep
      formVersion
    }
  }
`);

export const NewNotifications = graphql(`
  subscription ReviewerNotifications {
    notificationAdded {
      id
      kind
      message
      formId
      createdAt
    }
  }
`);
